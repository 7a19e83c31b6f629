import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ACTIVITY, API_URL, Reply, withConsole } from '../test/console-fixtures';
import { NOW_MS } from '../test/fixtures';
import { SourceView } from './source-view';

describe('SourceView (source drill-down)', () => {
  it("loads the source's activity for the range and shows runs, cadence, errors and open alerts", async () => {
    const { element, requests } = withConsole(
      <SourceView sourceId="source-4" range="24h" nowMs={NOW_MS} refreshKey="1" />,
      { answers: { '/api/v1/sources/source-4/activity': ACTIVITY } },
    );
    render(element);
    await waitFor(() => expect(screen.getByTestId('source-detail')).toBeTruthy());
    expect(requests[0]!.url).toBe(`${API_URL}/api/v1/sources/source-4/activity?range=24h`);
    expect(screen.getByRole('heading', { name: 'ThisDay' })).toBeTruthy();
    expect(
      screen.getByRole('img', { name: '3 runs: 1 succeeded, 1 empty, 1 failed' }),
    ).toBeTruthy();
    const strip = screen.getByTestId('run-strip');
    // Oldest first, left to right.
    expect([...strip.querySelectorAll('rect')].map((rect) => rect.getAttribute('class'))).toEqual([
      'run-strip__run run-strip__run--success',
      'run-strip__run run-strip__run--empty',
      'run-strip__run run-strip__run--failed',
    ]);
    const cadence = screen.getByRole('region', { name: 'Cadence' }).textContent;
    expect(cadence).toContain('Expected every1 h 00 min');
    expect(cadence).toContain('Actually every (median)2 h 00 min');
    expect(screen.getByRole('region', { name: 'Last errors' }).textContent).toContain(
      'HTTP 503 from feed',
    );
    expect(screen.getByRole('region', { name: 'Open alerts' }).textContent).toContain(
      'Source failing: ThisDay',
    );
    expect(
      screen.getByRole('table', { name: 'Articles and events per day' }).textContent,
    ).toContain('2026-01-27');
  });

  it('says what went wrong when the source is unknown', async () => {
    const { element } = withConsole(
      <SourceView sourceId="nope" range="1h" nowMs={NOW_MS} refreshKey="1" />,
      {
        answers: {
          '/api/v1/sources/nope/activity': new Reply(404, {
            error: 'NOT_FOUND',
            message: 'Source nope not found',
            statusCode: 404,
          }),
        },
      },
    );
    render(element);
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('Not found: Source nope not found.'),
    );
    expect(screen.queryByTestId('source-detail')).toBeNull();
  });
});
