import type { Alert } from '@naija-monitor/protocol';
import { describe, expect, it } from 'vitest';
import { alertsStatus } from './overall-status';

const alert = (severity: Alert['severity'], state: Alert['state']): Alert => ({
  id: `${severity}-${state}`,
  type: 'pipeline_stalled',
  severity,
  title: 't',
  message: 'm',
  timestamp: '2026-12-06T00:00:00.000Z',
  state,
});

describe('alertsStatus', () => {
  it('is unhealthy while a critical alert fires or recovers', () => {
    expect(alertsStatus([alert('critical', 'firing')])).toBe('unhealthy');
    expect(alertsStatus([alert('critical', 'recovering')])).toBe('unhealthy');
  });

  it('is degraded for a firing or recovering warning', () => {
    expect(alertsStatus([alert('high', 'recovering')])).toBe('degraded');
    expect(alertsStatus([alert('medium', 'firing')])).toBe('degraded');
  });

  it('ignores pending, resolved and low alerts', () => {
    expect(
      alertsStatus([
        alert('critical', 'pending'),
        alert('critical', 'resolved'),
        alert('low', 'firing'),
      ]),
    ).toBe('unknown');
  });
});
