import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AdminDialog } from './admin-dialog';
import { ShortcutsDialog } from './shortcuts-dialog';

describe('AdminDialog', () => {
  it('asks for the token only (the server names who acted) and hands it over', () => {
    const onSignIn = vi.fn();
    render(<AdminDialog onSignIn={onSignIn} onClose={() => {}} />);
    expect(screen.queryByLabelText('Your name')).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Sign in for alert actions' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter the admin token.');
    fireEvent.change(screen.getByLabelText('Admin token'), { target: { value: ' tok ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(onSignIn).toHaveBeenCalledWith('tok');
  });

  it('closes on Escape', () => {
    const onClose = vi.fn();
    render(<AdminDialog onSignIn={() => {}} onClose={onClose} />);
    fireEvent.keyDown(screen.getByLabelText('Admin token'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
  });
});

describe('ShortcutsDialog', () => {
  it('lists the shortcuts', () => {
    render(<ShortcutsDialog onClose={() => {}} />);
    const text = screen.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent;
    for (const key of ['r', '/', 'Esc', '?']) expect(text).toContain(key);
  });
});
