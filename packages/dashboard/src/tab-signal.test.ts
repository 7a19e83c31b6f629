import { describe, expect, it } from 'vitest';
import { tabIcon, tabTitle } from './tab-signal';

const svgOf = (href: string) => decodeURIComponent(href.replace(/^data:image\/svg\+xml,/, ''));

describe('tab signal', () => {
  it('puts firing alerts before the health in the title', () => {
    expect(tabTitle('Degraded', 2)).toBe('(2 firing) Degraded · Pipeline Monitor');
    expect(tabTitle('Healthy', 0)).toBe('Healthy · Pipeline Monitor');
  });

  it('colours the icon by the overall status, grey without one, with a dot while alerts fire', () => {
    expect(tabIcon('healthy', 0)).toMatch(/^data:image\/svg\+xml,/);
    expect(svgOf(tabIcon('healthy', 0))).toContain('stroke="#34d399"');
    expect(svgOf(tabIcon('degraded', 0))).toContain('stroke="#fbbf24"');
    expect(svgOf(tabIcon('unhealthy', 0))).toContain('stroke="#f87171"');
    expect(svgOf(tabIcon(null, 0))).toContain('stroke="#a3b0c5"');
    expect(svgOf(tabIcon('healthy', 0))).not.toContain('<circle');
    expect(svgOf(tabIcon('unhealthy', 3))).toContain('<circle');
  });
});
