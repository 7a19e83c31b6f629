import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { statusDocument } from '../test/fixtures';
import { MonitorPanel } from './monitor-panel';

describe('MonitorPanel', () => {
  it('shows the live connections, broadcast and compute times, lag and messages', () => {
    render(<MonitorPanel monitor={statusDocument().monitor} />);
    expect(screen.getByTestId('monitor-connections').querySelector('dd')?.textContent).toBe(
      '41 of 19,000',
    );
    const region = screen.getByRole('region', { name: 'Monitor' });
    expect(region.textContent).toContain('37 WebSocket · 4 SSE');
    expect(screen.getByTestId('monitor-broadcast').querySelector('dd')?.textContent).toBe('1.8 ms');
    expect(region.textContent).toContain('23.4 ms');
    expect(region.textContent).toContain('0.90 ms');
    expect(region.textContent).toContain('18,420');
  });

  it('lists connections per node when several serve the same status', () => {
    const monitor = {
      ...statusDocument().monitor!,
      nodes: [
        { node_id: 'a', connections: 20 },
        { node_id: 'b', connections: 21 },
      ],
    };
    render(<MonitorPanel monitor={monitor} />);
    expect(screen.getByRole('region', { name: 'Monitor' }).textContent).toContain('a: 20 · b: 21');
    expect(screen.getByText('2 nodes')).toBeTruthy();
  });

  it('says so when the server does not report its own metrics', () => {
    render(<MonitorPanel monitor={undefined} />);
    expect(screen.getByText('This server does not report its own metrics.')).toBeTruthy();
  });
});
