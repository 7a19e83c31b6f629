import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '@naija-monitor/protocol';
import { startLiveServer, type LiveServer } from './support/live-server';
import { TestSseClient, TestWsClient } from './support/live-clients';

describe('Server-Sent Events', () => {
  let server: LiveServer;
  const INTERVAL_MS = 500;
  beforeAll(async () => {
    server = await startLiveServer({
      config: { broadcastIntervalMs: INTERVAL_MS, pingIntervalMs: 200 },
    });
  });
  afterAll(async () => server?.close());

  it('streams the same updates as WebSocket: id is the seq, data the same envelope; comments as heartbeats', async () => {
    const ws = await TestWsClient.open(server.wsUrl());
    const sse = await TestSseClient.open(server.httpUrl(PATHS.sse));
    expect(sse.statusCode).toBe(200);
    expect(sse.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(sse.headers['cache-control']).toContain('no-cache');
    await sse.waitFor(() => sse.updates().length >= 5, 10_000, '5 SSE updates');
    expect(sse.retryMs).toBeGreaterThanOrEqual(1000);
    expect(sse.comments).toBeGreaterThan(0);
    for (const event of sse.updates()) expect(event.id).toBe(String(event.seq));
    // From the first seq both saw, both saw exactly the same ones, with the same bytes.
    const sseSeqs = sse.updates().map((u) => u.seq);
    await ws.waitFor(
      () => ws.updates().some((u) => u.seq >= sseSeqs.at(-1)!),
      5000,
      'the WebSocket to catch up',
    );
    const wsBySeq = new Map(
      ws.received
        .filter((r) => r.message?.type === 'pipeline_status_update')
        .map((r) => [(r.message as { seq: number }).seq, r.raw]),
    );
    const common = sseSeqs.filter((seq) => seq >= Math.max(sseSeqs[0]!, ws.updates()[0]!.seq));
    expect(common.length).toBeGreaterThanOrEqual(4);
    for (const seq of common)
      expect(sse.events.find((e) => e.id === String(seq))?.data).toBe(wsBySeq.get(seq));
    sse.close();
    ws.close();
  });

  it('resumes from Last-Event-ID: nothing repeated when current, the missed ones at once when behind', async () => {
    const first = await TestSseClient.open(server.httpUrl(PATHS.sse));
    // Four updates seen: the server still holds the three before the newest.
    const seen = await first.waitFor(() =>
      first.updates().length >= 4 ? first.updates() : undefined,
    );
    const current = seen.at(-1)!.seq;

    const upToDate = await TestSseClient.open(server.httpUrl(PATHS.sse), {
      'last-event-id': String(current),
    });
    const behind = await TestSseClient.open(server.httpUrl(PATHS.sse), {
      'last-event-id': String(current - 3),
    });
    const askedAt = performance.now();
    const caughtUp = await behind.waitFor(() =>
      behind.updates().length >= 3 ? behind.updates() : undefined,
    );
    // The updates after the one it holds, in order and at once (issue #17), not just the newest.
    expect(caughtUp.slice(0, 3).map((update) => update.seq)).toEqual([
      current - 2,
      current - 1,
      current,
    ]);
    expect(caughtUp[2]!.at - askedAt).toBeLessThan(INTERVAL_MS);

    const [next] = await upToDate.waitFor(
      () => (upToDate.updates().length > 0 ? upToDate.updates() : undefined),
      5000,
    );
    expect(next!.seq).toBeGreaterThan(current);
    // The query parameter works for clients that cannot set the header.
    const viaQuery = await TestSseClient.open(
      server.httpUrl(`${PATHS.sse}?lastEventId=${current - 1}`),
    );
    await viaQuery.waitFor(() => viaQuery.updates().length > 0);
    for (const client of [first, upToDate, behind, viaQuery]) client.close();
    await expect.poll(() => server.live.hub.registry.countFor('sse')).toBe(0);
  });

  it('counts SSE clients in the monitor figures and the metrics', async () => {
    const sse = await TestSseClient.open(server.httpUrl(PATHS.sse));
    const [update] = await sse.waitFor(() =>
      sse.updates().length > 1 ? sse.updates().slice(1) : undefined,
    );
    expect(update!.data.monitor?.connections.sse).toBe(1);
    expect(server.live.metrics.snapshot().messagesSent).toBeGreaterThan(0);
    sse.close();
  });
});
