import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { NotifyButton } from './notify-button';

describe('NotifyButton', () => {
  it('offers to notify, shows when on, and explains a block', () => {
    const onToggle = vi.fn();
    const { rerender, container } = render(
      <NotifyButton permission="default" enabled={false} onToggle={onToggle} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Notify me' }));
    expect(onToggle).toHaveBeenCalledOnce();
    rerender(<NotifyButton permission="granted" enabled onToggle={onToggle} />);
    expect(
      screen.getByRole('button', { name: 'Notifications on' }).getAttribute('aria-pressed'),
    ).toBe('true');
    rerender(<NotifyButton permission="denied" enabled={false} onToggle={onToggle} />);
    const blocked = screen.getByRole('button', { name: 'Notifications blocked' });
    expect(blocked.hasAttribute('disabled')).toBe(true);
    expect(blocked.getAttribute('title')).toContain('allow them');
    rerender(<NotifyButton permission="unsupported" enabled={false} onToggle={onToggle} />);
    expect(container.textContent).toBe('');
  });
});
