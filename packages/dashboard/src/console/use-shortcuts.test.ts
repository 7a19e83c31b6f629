import { fireEvent, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useShortcuts } from './use-shortcuts';

describe('useShortcuts', () => {
  it('maps r, /, Esc and ? and leaves keys typed into fields alone', () => {
    const handlers = {
      refresh: vi.fn(),
      focusFilter: vi.fn(),
      escape: vi.fn(),
      help: vi.fn(),
    };
    renderHook(() => useShortcuts(handlers));
    fireEvent.keyDown(window, { key: 'r' });
    fireEvent.keyDown(window, { key: '/' });
    fireEvent.keyDown(window, { key: '?' });
    fireEvent.keyDown(window, { key: 'Escape' });
    fireEvent.keyDown(window, { key: 'r', ctrlKey: true });
    const input = document.createElement('input');
    document.body.append(input);
    fireEvent.keyDown(input, { key: 'r' });
    input.remove();
    expect(handlers.refresh).toHaveBeenCalledOnce();
    expect(handlers.focusFilter).toHaveBeenCalledOnce();
    expect(handlers.help).toHaveBeenCalledOnce();
    expect(handlers.escape).toHaveBeenCalledOnce();
  });
});
