import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConsoleApi } from './api';
import { useStatusHistory } from './use-history';

describe('useStatusHistory', () => {
  it('follows next_cursor so a long range keeps its newest publications', async () => {
    const asked: string[] = [];
    const fetchFn = (async (input: RequestInfo | URL) => {
      const url = new URL(String(input));
      asked.push(url.searchParams.get('cursor') ?? '(first)');
      const second = url.searchParams.get('cursor') === 'c1';
      const body = {
        items: [
          {
            at: second ? '2026-01-28T15:00:00.000Z' : '2026-01-28T01:00:00.000Z',
            seq: second ? 2 : 1,
            overall_status: second ? 'degraded' : 'healthy',
          },
        ],
        next_cursor: second ? null : 'c1',
      };
      return new Response(JSON.stringify(body), { status: 200 });
    }) as typeof fetch;
    const api = new ConsoleApi({
      baseUrl: 'http://m.test',
      adminToken: () => null,
      fetch: fetchFn,
    });
    const { result } = renderHook(() =>
      useStatusHistory(api, '24h', Date.parse('2026-01-28T15:30:10.000Z')),
    );
    await waitFor(() => expect(result.current.data).toHaveLength(2));
    expect(asked).toEqual(['(first)', 'c1']);
    expect(result.current.data!.map((item) => item.seq)).toEqual([1, 2]);
    // The strip ends at the next whole minute and spans the range.
    expect(new Date(result.current.toMs).toISOString()).toBe('2026-01-28T15:31:00.000Z');
    expect(result.current.toMs - result.current.fromMs).toBe(24 * 3600_000);
  });
});
