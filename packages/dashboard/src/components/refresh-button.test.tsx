import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { RefreshButton } from './refresh-button';

describe('RefreshButton', () => {
  it('calls onRefresh once per click and is busy until it settles', async () => {
    let finish: () => void = () => {};
    const onRefresh = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    render(<RefreshButton onRefresh={onRefresh} />);
    const button = screen.getByRole('button', { name: 'Refresh' });
    fireEvent.click(button);
    fireEvent.click(button);
    expect(onRefresh).toHaveBeenCalledTimes(1);
    expect(button.getAttribute('aria-busy')).toBe('true');
    await act(async () => finish());
    expect(button.getAttribute('aria-busy')).toBe('false');
  });

  it('says when the refresh failed', async () => {
    render(<RefreshButton onRefresh={() => Promise.reject(new Error('HTTP 502'))} />);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(screen.getByText('Refresh failed: HTTP 502')).toBeTruthy());
  });
});
