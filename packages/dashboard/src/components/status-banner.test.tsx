import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW_MS, statusDocument } from '../test/fixtures';
import { StatusBanner, type StatusBannerProps } from './status-banner';

const base: StatusBannerProps = {
  state: 'connected',
  error: null,
  status: statusDocument(),
  receivedAt: NOW_MS - 42_000,
  nowMs: NOW_MS,
  apiUrl: 'https://monitor.example.org',
};

describe('StatusBanner', () => {
  it('shows nothing while live or polling', () => {
    const { container, rerender } = render(<StatusBanner {...base} />);
    expect(container.textContent).toBe('');
    rerender(
      <StatusBanner
        {...base}
        state="polling"
        error={{ code: 'network', message: 'WebSocket refused' }}
      />,
    );
    expect(container.textContent).toBe('');
  });

  it('says unauthorized (close code 4001) and keeps the last data time', () => {
    render(
      <StatusBanner
        {...base}
        state="disconnected"
        error={{ code: 'unauthorized', message: 'Unauthorized' }}
      />,
    );
    expect(screen.getByRole('alert').textContent).toMatch(/^Unauthorized: the monitor refused/);
    expect(screen.getByTestId('last-received').textContent).toBe(
      'Showing the last data, received at 15:30:18 (42 s ago).',
    );
  });

  it('keeps the last data and says when it was received while reconnecting', () => {
    render(
      <StatusBanner
        {...base}
        state="reconnecting"
        error={{ code: 'network', message: 'connection lost' }}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Live updates interrupted: connection lost. Retrying automatically.',
    );
    expect(screen.getByTestId('last-received').textContent).toContain('received at 15:30:18');
  });

  it('names the API when nothing was ever received', () => {
    render(
      <StatusBanner
        {...base}
        state="reconnecting"
        status={null}
        receivedAt={null}
        error={{ code: 'network', message: 'fetch failed' }}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain(
      'Cannot reach the monitor at https://monitor.example.org: fetch failed.',
    );
    expect(screen.queryByTestId('last-received')).toBeNull();
  });

  it('keeps the ticking age out of the alert, so it is not re-announced every second', () => {
    render(<StatusBanner {...base} state="reconnecting" />);
    expect(screen.getByRole('alert').textContent).not.toContain('s ago');
  });

  it('warns when the server itself serves stale data', () => {
    const stale = statusDocument();
    stale.system_health = {
      ...stale.system_health,
      stale: true,
      data_as_of: '2026-01-28T15:00:00.000Z',
      database: { ...stale.system_health.database, reachable: false, error: 'connection refused' },
    };
    render(<StatusBanner {...base} status={stale} />);
    expect(screen.getByRole('alert').textContent).toBe(
      'The monitor could not refresh its data (database: connection refused).',
    );
    expect(screen.getByText(/Figures are as of 28 Jan 2026, 15:00:00/)).toBeTruthy();
  });
});
