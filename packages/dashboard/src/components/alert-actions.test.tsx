import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AlertsPanel } from './alerts-panel';
import { API_URL, consoleDocument, withConsole } from '../test/console-fixtures';
import { NOW_MS } from '../test/fixtures';

const alerts = consoleDocument().alerts;
const admin = { token: 'admin-secret' };

describe('alert actions', () => {
  it('without an admin token shows no buttons and says why, with a way to sign in', () => {
    const requestSignIn = vi.fn();
    const { element } = withConsole(<AlertsPanel alerts={alerts} nowMs={NOW_MS} />, {
      requestSignIn,
    });
    render(element);
    expect(screen.queryByRole('button', { name: 'Acknowledge' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Silence' })).toBeNull();
    expect(screen.getByTestId('admin-note').textContent).toContain(
      'Alert actions need an admin token',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Sign in for alert actions' }));
    expect(requestSignIn).toHaveBeenCalledOnce();
  });

  it('acknowledges with the admin token in the Authorization header only', async () => {
    const onAction = vi.fn();
    const { element, requests } = withConsole(<AlertsPanel alerts={alerts} nowMs={NOW_MS} />, {
      admin,
      onAction,
    });
    render(element);
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(onAction).toHaveBeenCalledOnce());
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: `${API_URL}/api/v1/alerts/alert-1/ack`,
      headers: { authorization: 'Bearer admin-secret' },
      body: {},
    });
    expect(requests[0]!.url).not.toContain('admin-secret');
  });

  it('silences for a chosen length with a comment, on the alert fingerprint', async () => {
    const onAction = vi.fn();
    const { element, requests } = withConsole(<AlertsPanel alerts={alerts} nowMs={NOW_MS} />, {
      admin,
      onAction,
    });
    render(element);
    fireEvent.click(screen.getByRole('button', { name: 'Silence' }));
    fireEvent.click(screen.getByRole('radio', { name: '4 h' }));
    // No comment yet: refused with a reason, nothing sent.
    fireEvent.click(screen.getByRole('button', { name: 'Silence alert' }));
    expect(screen.getByRole('alert').textContent).toContain('Say why');
    expect(requests).toHaveLength(0);

    fireEvent.change(screen.getByRole('textbox', { name: 'Comment (why)' }), {
      target: { value: 'feed migration, vendor ticket 42' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Silence alert' }));
    await waitFor(() => expect(onAction).toHaveBeenCalledOnce());
    expect(requests[0]).toMatchObject({
      method: 'POST',
      url: `${API_URL}/api/v1/silences`,
      body: {
        matchers: { fingerprint: 'fp-thisday' },
        duration_seconds: 4 * 3600,
        comment: 'feed migration, vendor ticket 42',
      },
    });
  });

  it('accepts a custom length in hours', async () => {
    const onAction = vi.fn();
    const { element, requests } = withConsole(<AlertsPanel alerts={alerts} nowMs={NOW_MS} />, {
      admin,
      onAction,
    });
    render(element);
    fireEvent.click(screen.getByRole('button', { name: 'Silence' }));
    fireEvent.click(screen.getByRole('radio', { name: 'custom' }));
    fireEvent.change(screen.getByRole('spinbutton', { name: 'hours' }), {
      target: { value: '2.5' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'Comment (why)' }), {
      target: { value: 'planned' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Silence alert' }));
    await waitFor(() => expect(onAction).toHaveBeenCalledOnce());
    expect(requests[0]!.body).toMatchObject({ duration_seconds: 9000 });
  });

  it('shows who silenced and acknowledged it and until when, with Unsilence and Un-acknowledge', async () => {
    const silenced = alerts.map((alert) => ({
      ...alert,
      silenced: true,
      acknowledged: true,
      acknowledged_by: 'Bola',
    }));
    const onAction = vi.fn();
    const { element, requests } = withConsole(<AlertsPanel alerts={silenced} nowMs={NOW_MS} />, {
      admin,
      onAction,
      silences: [
        {
          id: 'sil-1',
          matchers: { fingerprint: 'fp-thisday' },
          created_by: 'Chidi',
          comment: 'vendor outage',
          starts_at: '2026-01-28T15:00:00.000Z',
          ends_at: '2026-01-28T19:00:00.000Z',
          active: true,
        },
      ],
    });
    render(element);
    expect(screen.getByTestId('alert-silenced').textContent).toBe(
      'Silenced by Chidi until 28 Jan 2026, 19:00:00 UTC — “vendor outage”',
    );
    expect(screen.getByTestId('alert-acknowledged').textContent).toBe('Acknowledged by Bola');
    fireEvent.click(screen.getByRole('button', { name: 'Unsilence' }));
    await waitFor(() => expect(onAction).toHaveBeenCalledOnce());
    fireEvent.click(screen.getByRole('button', { name: 'Un-acknowledge' }));
    await waitFor(() => expect(onAction).toHaveBeenCalledTimes(2));
    expect(requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual(
      ['DELETE /api/v1/silences/sil-1', 'DELETE /api/v1/alerts/alert-1/ack'],
    );
  });

  it('links the alert to its evidence (the source drill-down)', () => {
    const { element } = withConsole(
      <AlertsPanel
        alerts={alerts}
        nowMs={NOW_MS}
        sources={[{ id: 'source-4', name: 'ThisDay' }]}
      />,
    );
    render(element);
    const link = screen.getByRole('link', { name: 'Runs of ThisDay' });
    expect(link.getAttribute('href')).toBe('?view=source&source=source-4');
  });
});
