import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Alert } from '@naija-monitor/protocol';
import { ago, NOW_MS, statusDocument } from '../test/fixtures';
import { AlertsPanel } from './alerts-panel';

describe('AlertsPanel', () => {
  it('shows each alert with severity, state, title and message, firing first', () => {
    const alerts = [...statusDocument().alerts].reverse();
    render(<AlertsPanel alerts={alerts} nowMs={NOW_MS} />);
    const items = screen.getAllByTestId('alert');
    expect(items[0]!.textContent).toContain('Severity: medium');
    expect(items[0]!.textContent).toContain('State: firing');
    expect(items[0]!.textContent).toContain('Vanguard feed failing');
    expect(items[0]!.textContent).toContain('The last 3 runs of vanguard failed with HTTP 503.');
    expect(items[0]!.textContent).toContain('observed 3, expected 0');
    expect(items[1]!.textContent).toContain('State: resolved');
    expect(items[1]!.textContent).toContain('acknowledged');
    expect(screen.getByRole('region', { name: 'Alerts' }).textContent).toContain('1 firing');
  });

  it('orders by state, then severity, then time', () => {
    const alert = (
      id: string,
      severity: Alert['severity'],
      state: Alert['state'],
      secondsAgo: number,
    ): Alert => ({
      id,
      type: 'rule',
      severity,
      title: id,
      message: id,
      timestamp: ago(secondsAgo),
      state,
    });
    render(
      <AlertsPanel
        alerts={[
          alert('pending-high', 'high', 'pending', 10),
          alert('firing-low', 'low', 'firing', 10),
          alert('firing-critical-old', 'critical', 'firing', 500),
          alert('firing-critical-new', 'critical', 'firing', 5),
          alert('resolved-critical', 'critical', 'resolved', 1),
        ]}
        nowMs={NOW_MS}
      />,
    );
    expect(
      screen.getAllByTestId('alert').map((item) => item.querySelector('.item__title')?.textContent),
    ).toEqual([
      'firing-critical-new',
      'firing-critical-old',
      'firing-low',
      'pending-high',
      'resolved-critical',
    ]);
  });

  it('treats an alert without a state (seed shape) as firing', () => {
    render(
      <AlertsPanel
        alerts={[
          {
            id: 'x',
            type: 'legacy',
            severity: 'high',
            title: 'Old style',
            message: 'm',
            timestamp: ago(1),
          },
        ]}
        nowMs={NOW_MS}
      />,
    );
    expect(screen.getByTestId('alert').textContent).toContain('State: firing');
  });

  it('says when there are none', () => {
    render(<AlertsPanel alerts={[]} nowMs={NOW_MS} />);
    expect(screen.getByText('No alerts.')).toBeTruthy();
  });
});
