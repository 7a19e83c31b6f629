import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW_MS, statusDocument } from '../test/fixtures';
import { SystemHealthPanel } from './system-health-panel';

const health = statusDocument().system_health;

describe('SystemHealthPanel', () => {
  it('shows database, memory, uptime, node and bus', () => {
    render(<SystemHealthPanel health={health} nowMs={NOW_MS} />);
    const region = screen.getByRole('region', { name: 'System health' });
    expect(region.textContent).toContain('Operational');
    expect(screen.getByTestId('system-database').textContent).toContain('reachable');
    expect(screen.getByTestId('system-database').textContent).toContain('PostgreSQL');
    expect(region.textContent).toContain('14.2 ms');
    expect(region.textContent).toContain('142.0 MiB');
    expect(region.textContent).toContain('61.0 MiB');
    expect(region.textContent).toContain('3 h 25 min');
    expect(region.textContent).toContain('monitor-1');
    expect(region.textContent).toContain('in-process');
  });

  it('shows an unreachable database and its error', () => {
    render(
      <SystemHealthPanel
        health={{
          ...health,
          stale: true,
          database: { reachable: false, kind: 'pglite', query_ms: null, error: 'timeout' },
        }}
        nowMs={NOW_MS}
      />,
    );
    const region = screen.getByRole('region', { name: 'System health' });
    expect(region.textContent).toContain('Database down');
    expect(region.textContent).toContain('unreachable');
    expect(region.textContent).toContain('timeout');
  });
});
