import type { Alert } from '@naija-monitor/protocol';
import { describe, expect, it } from 'vitest';
import { overallFromAlerts } from './alert-roll-up';

const alert = (severity: Alert['severity'], state: Alert['state'] = 'firing'): Alert => ({
  id: `${severity}-${state}`,
  type: 'rule',
  severity,
  title: 't',
  message: 'm',
  timestamp: '2026-03-02T10:00:00.000Z',
  state,
});

describe('overall status from alerts', () => {
  it('is unknown without data, whatever fires', () => {
    expect(overallFromAlerts({ alerts: [alert('critical')], stale: false, hasData: false })).toBe(
      'unknown',
    );
  });
  it('is unhealthy while a critical alert fires or recovers', () => {
    expect(
      overallFromAlerts({ alerts: [alert('low'), alert('critical')], stale: false, hasData: true }),
    ).toBe('unhealthy');
    expect(
      overallFromAlerts({ alerts: [alert('critical', 'recovering')], stale: false, hasData: true }),
    ).toBe('unhealthy');
  });
  it('is degraded on a warning or stale data, healthy otherwise', () => {
    expect(overallFromAlerts({ alerts: [alert('medium')], stale: false, hasData: true })).toBe(
      'degraded',
    );
    expect(overallFromAlerts({ alerts: [], stale: true, hasData: true })).toBe('degraded');
    expect(
      overallFromAlerts({
        alerts: [alert('low'), alert('critical', 'pending')],
        stale: false,
        hasData: true,
      }),
    ).toBe('healthy');
  });
});
