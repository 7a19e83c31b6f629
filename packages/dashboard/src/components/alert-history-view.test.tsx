import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HISTORY_ALERT, withConsole } from '../test/console-fixtures';
import { NOW_MS } from '../test/fixtures';
import { AlertHistoryView } from './alert-history-view';

const OLD = {
  ...HISTORY_ALERT,
  id: 'a-old',
  title: 'Eight days ago',
  updated_at: new Date(NOW_MS - 8 * 24 * 3600_000).toISOString(),
};
const RESOLVED = { ...HISTORY_ALERT, id: 'a-2', title: 'Resolved one', state: 'resolved' as const };

describe('AlertHistoryView', () => {
  it('lists the last 7 days with transitions and who acted, filtered by state', async () => {
    const { element, requests } = withConsole(
      <AlertHistoryView
        nowMs={NOW_MS}
        sources={[{ id: 'source-4', name: 'ThisDay' }]}
        refreshKey="1"
      />,
      { answers: { '/api/v1/alerts': { alerts: [HISTORY_ALERT, RESOLVED, OLD] } } },
    );
    render(element);
    await waitFor(() => expect(screen.getAllByTestId('history-entry')).toHaveLength(2));
    expect(requests[0]!.url).toContain('state=all');
    const first = screen.getAllByTestId('history-entry')[0]!.textContent;
    expect(first).toContain('acknowledged by Ada');
    const transitions = screen
      .getAllByTestId('history-entry')[0]!
      .querySelectorAll('[data-testid="transition"]');
    expect([...transitions].map((item) => item.textContent)).toEqual([
      // A silence that ran out has no actor: the alert engine wrote its end.
      expect.stringMatching(/ unsilenced: the silence ran out$/),
      expect.stringMatching(/ silenced by Bola until 28 Jan 2026, 15:00(:00)? UTC$/),
      expect.stringMatching(/ unsilenced by Ada$/),
      expect.stringMatching(/ silenced by Ada until 28 Jan 2026, 16:30(:00)? UTC — “feed moved”$/),
      expect.stringMatching(/ acknowledged by Ada$/),
      expect.stringMatching(/ pending → firing$/),
    ]);

    fireEvent.change(screen.getByRole('combobox', { name: 'State' }), {
      target: { value: 'resolved' },
    });
    expect(screen.getAllByTestId('history-entry').map((entry) => entry.textContent)).toEqual([
      expect.stringContaining('Resolved one'),
    ]);

    fireEvent.change(screen.getByRole('combobox', { name: 'Source' }), {
      target: { value: 'source-4' },
    });
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1]!.url).toContain('source=source-4');
  });
});
