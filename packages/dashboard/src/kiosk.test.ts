import { describe, expect, it } from 'vitest';
import { isKiosk, withoutKiosk } from './kiosk';

describe('kiosk mode', () => {
  it('is on for ?kiosk, ?kiosk=1 and ?kiosk=true, off otherwise', () => {
    expect(isKiosk('?kiosk')).toBe(true);
    expect(isKiosk('?view=map&kiosk=1')).toBe(true);
    expect(isKiosk('?kiosk=TRUE')).toBe(true);
    expect(isKiosk('?kiosk=0')).toBe(false);
    expect(isKiosk('?kiosk=false')).toBe(false);
    expect(isKiosk('?view=map')).toBe(false);
    expect(isKiosk('')).toBe(false);
  });

  it('drops only its own parameter when left', () => {
    expect(withoutKiosk('?view=map&kiosk&range=7d')).toBe('?view=map&range=7d');
    expect(withoutKiosk('?kiosk')).toBe('');
  });
});
