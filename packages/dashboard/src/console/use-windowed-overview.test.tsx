import { render, screen, waitFor } from '@testing-library/react';
import type { StatusDocument } from '@naija-monitor/protocol';
import { describe, expect, it } from 'vitest';
import { Dashboard } from '../components/dashboard';
import { formatCount } from '../format';
import { NOW_MS, snapshot, statusDocument } from '../test/fixtures';
import { recordingFetch } from '../test/console-fixtures';
import { ConsoleApi } from './api';
import type { OverviewAnswer, TimeRange } from './types';
import { useWindowedOverview } from './use-windowed-overview';

const document = statusDocument();
const WEEK: OverviewAnswer = {
  range: '7d',
  at: '2026-01-28T15:31:00.000Z',
  window_hours: 168,
  scraping_health: {
    ...document.scraping_health,
    articles_collected: 4321,
    window_hours: 168,
  },
  data_quality: document.data_quality,
};

function Overview(props: { range: TimeRange; at: string | null; api: ConsoleApi }) {
  const windowed = useWindowedOverview(
    props.api,
    props.range,
    props.at,
    document as StatusDocument,
    NOW_MS,
  );
  return (
    <Dashboard
      snapshot={snapshot({ status: document })}
      nowMs={NOW_MS}
      onRefresh={() => Promise.resolve()}
      apiUrl="http://monitor.test"
      windowed={windowed}
    />
  );
}

const articles = () =>
  screen.getByTestId('overview-articles').querySelector('.tile__value')?.textContent;

describe('useWindowedOverview', () => {
  it('takes 24 h from the document, with no request, labelled as its window', () => {
    const { fetch, requests } = recordingFetch();
    const api = new ConsoleApi({ baseUrl: 'http://monitor.test', adminToken: () => null, fetch });
    render(<Overview range="24h" at={null} api={api} />);
    expect(requests).toEqual([]);
    expect(screen.getByTestId('overview-range').textContent).toBe('last 24 h');
    expect(articles()).toBe(formatCount(document.scraping_health.articles_collected));
  });

  it('asks the overview route for 7 d, and for the replayed moment, and shows its figures', async () => {
    const { fetch, requests } = recordingFetch({ '/api/v1/overview': WEEK });
    const api = new ConsoleApi({ baseUrl: 'http://monitor.test', adminToken: () => null, fetch });
    const { rerender } = render(<Overview range="7d" at={null} api={api} />);
    await waitFor(() => expect(articles()).toBe(formatCount(4321)));
    expect(new URL(requests[0]!.url).search).toBe('?range=7d');
    expect(screen.getByTestId('overview-range').textContent).toBe('last 7 d');
    expect(screen.getByRole('region', { name: 'Sources' }).textContent).toContain('last 7 d');

    rerender(<Overview range="7d" at="2026-01-28T03:12:00.000Z" api={api} />);
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(new URL(requests[1]!.url).search).toBe('?range=7d&at=2026-01-28T03%3A12%3A00.000Z');
    await waitFor(() =>
      expect(screen.getByTestId('overview-range').textContent).toMatch(/^7 d to \d\d:\d\d/),
    );
  });
});
