import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NOW_MS } from '../test/fixtures';
import { Freshness } from './freshness';

describe('Freshness', () => {
  it('shows whole seconds since the last update and ticks with the clock', () => {
    const { rerender } = render(<Freshness receivedAt={NOW_MS - 3_400} nowMs={NOW_MS} />);
    expect(screen.getByTestId('freshness').textContent).toBe('3 s ago');
    rerender(<Freshness receivedAt={NOW_MS - 3_400} nowMs={NOW_MS + 1_000} />);
    expect(screen.getByTestId('freshness').textContent).toBe('4 s ago');
  });

  it('says so before the first update', () => {
    render(<Freshness receivedAt={null} nowMs={NOW_MS} />);
    expect(screen.getByTestId('freshness').textContent).toBe('No data yet');
    expect(screen.getByText('Data Freshness')).toBeTruthy();
  });

  it('marks old data as stale and never shows negative ages', () => {
    const { container, rerender } = render(
      <Freshness receivedAt={NOW_MS - 120_000} nowMs={NOW_MS} />,
    );
    expect(container.querySelector('.freshness--bad')).not.toBeNull();
    rerender(<Freshness receivedAt={NOW_MS + 5_000} nowMs={NOW_MS} />);
    expect(screen.getByTestId('freshness').textContent).toBe('0 s ago');
  });

  it('is not a live region (it changes every second)', () => {
    const { container } = render(<Freshness receivedAt={NOW_MS} nowMs={NOW_MS} />);
    expect(container.querySelector('[aria-live]')).toBeNull();
  });
});
