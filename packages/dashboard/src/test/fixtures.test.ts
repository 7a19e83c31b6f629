import { parseServerMessage, STATUS_UPDATE_TYPE } from '@naija-monitor/protocol';
import { describe, expect, it } from 'vitest';
import { ago, statusDocument } from './fixtures';

describe('the component tests’ status document', () => {
  it('is one the server could send: the protocol’s own checks accept it', () => {
    const result = parseServerMessage({
      type: STATUS_UPDATE_TYPE,
      timestamp: ago(2),
      seq: 1,
      data: statusDocument(),
    });
    expect(result.ok ? 'valid' : result.error).toBe('valid');
  });

  it('is refused by those checks when a field breaks the schema (the check above can fail)', () => {
    const broken = { ...statusDocument(), overall_status: 'fine' };
    const result = parseServerMessage({
      type: STATUS_UPDATE_TYPE,
      timestamp: ago(2),
      seq: 1,
      data: broken,
    });
    expect(result.ok).toBe(false);
  });
});
