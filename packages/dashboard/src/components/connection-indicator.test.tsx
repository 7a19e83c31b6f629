import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConnectionIndicator } from './connection-indicator';

describe('ConnectionIndicator', () => {
  it('shows "Real-time Updates" with the transport when connected over WebSocket', () => {
    render(<ConnectionIndicator state="connected" transport="websocket" attempt={0} />);
    const label = screen.getByTestId('connection-label');
    expect(label.textContent).toContain('Real-time Updates');
    expect(screen.getAllByText('WebSocket', { exact: false }).length).toBeGreaterThan(0);
  });

  it('shows "Real-time Updates" over SSE too, naming the transport', () => {
    render(<ConnectionIndicator state="connected" transport="sse" attempt={0} />);
    expect(screen.getByTestId('connection-label').textContent).toMatch(
      /^Real-time Updates via Server-Sent Events$/,
    );
  });

  it('shows "Polling Mode" while polling', () => {
    render(<ConnectionIndicator state="polling" transport="polling" attempt={5} />);
    expect(screen.getByTestId('connection-label').textContent).toMatch(/^Polling Mode/);
  });

  it('shows "Reconnecting..." while connecting or reconnecting, with the attempt outside the live region', () => {
    const { rerender } = render(
      <ConnectionIndicator state="connecting" transport={null} attempt={0} />,
    );
    expect(screen.getByTestId('connection-label').textContent).toBe('Reconnecting...');
    rerender(<ConnectionIndicator state="reconnecting" transport={null} attempt={3} />);
    expect(screen.getByTestId('connection-label').textContent).toBe('Reconnecting...');
    expect(screen.getByText('attempt 3')).toBeTruthy();
  });

  it('shows "Disconnected"', () => {
    render(<ConnectionIndicator state="disconnected" transport={null} attempt={0} />);
    expect(screen.getByTestId('connection-label').textContent).toBe('Disconnected');
  });

  it('counts down to the next reconnect try and says why it is paused', () => {
    const { rerender } = render(
      <ConnectionIndicator
        state="reconnecting"
        transport={null}
        attempt={2}
        nextRetryAt={10_400}
        nowMs={6_000}
      />,
    );
    expect(screen.getByText('attempt 2 · retry in 5 s')).toBeTruthy();
    rerender(
      <ConnectionIndicator state="disconnected" transport={null} attempt={0} paused="offline" />,
    );
    expect(screen.getByTestId('connection-label').textContent).toBe('Disconnected');
    expect(screen.getByText('browser offline')).toBeTruthy();
  });

  it('announces state changes through a polite live region', () => {
    render(<ConnectionIndicator state="connected" transport="websocket" attempt={0} />);
    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.getAttribute('aria-atomic')).toBe('true');
    expect(region).toBe(screen.getByTestId('connection-label'));
  });
});
