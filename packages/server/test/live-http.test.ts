import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { PATHS, StatusDocumentSchema } from '@naija-monitor/protocol';
import type { Database } from '../src/db/connection';
import { openDatabase } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { METRICS_SUMMARY_PATH } from '../src/http/metrics-routes';
import { MetricsSummarySchema } from '../src/metrics/metrics-summary';
import { startLiveServer, type LiveServer, type LiveServerOptions } from './support/live-server';
import { TestWsClient, sleep } from './support/live-clients';

describe('HTTP status, metrics and docs', () => {
  let server: LiveServer | undefined;
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory' });
    await migrate(database);
  });
  afterAll(async () => database?.close());
  const start = (options: LiveServerOptions = {}) => startLiveServer({ database, ...options });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('GET pipeline-status returns the bare document with an ETag that gives 304 until the pipeline changes', async () => {
    server = await start({ config: { broadcastIntervalMs: 200 } });
    const first = await fetch(server.httpUrl(PATHS.status));
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(first.headers.get('content-type')).toContain('application/json');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const document = (await first.json()) as Record<string, unknown>;
    expect(Value.Check(StatusDocumentSchema, document)).toBe(true);
    expect(document).not.toHaveProperty('type');
    expect(document.monitor).toBeDefined();

    // Later readings differ in timestamp and process figures, not in substance: 304.
    await sleep(300);
    const again = await fetch(server.httpUrl(PATHS.status), { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    await database.db
      .insertInto('sources')
      .values({ id: `src-${Date.now()}`, name: 'Daily Trust', url: 'https://dailytrust.com/feed/' })
      .execute();
    await expect
      .poll(
        async () =>
          (await fetch(server!.httpUrl(PATHS.status), { headers: { 'if-none-match': etag } }))
            .status,
        { timeout: 5000 },
      )
      .toBe(200);
  });

  it('computes nothing with no client and no reader; a reader triggers one computation shared with the live clients', async () => {
    server = await start({ config: { broadcastIntervalMs: 1000 } });
    await sleep(2500);
    expect(server.computations()).toBe(0);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => fetch(server!.httpUrl(PATHS.status))),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(server.computations()).toBe(1);
    const client = await TestWsClient.open(server.wsUrl());
    const [update] = await client.waitForUpdates(1);
    const body = (await (await fetch(server.httpUrl(PATHS.status))).json()) as {
      timestamp: string;
    };
    // The HTTP reader gets the document the live clients got (from the cache).
    expect(update!.data.timestamp <= body.timestamp).toBe(true);
    client.close();
  });

  it('requires a token when AUTH_TOKENS is set (Bearer or ?token=)', async () => {
    server = await start({ config: { authTokens: ['s3cret'] } });
    expect((await fetch(server.httpUrl(PATHS.status))).status).toBe(401);
    expect(
      (await fetch(server.httpUrl(PATHS.status), { headers: { authorization: 'Bearer nope' } }))
        .status,
    ).toBe(401);
    expect(
      (await fetch(server.httpUrl(PATHS.status), { headers: { authorization: 'Bearer s3cret' } }))
        .status,
    ).toBe(200);
    expect((await fetch(server.httpUrl(`${PATHS.status}?token=s3cret`))).status).toBe(200);
    expect((await fetch(server.httpUrl(METRICS_SUMMARY_PATH))).status).toBe(401);
  });

  it('serves Prometheus metrics and the JSON summary from a per-app registry', async () => {
    server = await start({ config: { broadcastIntervalMs: 200 } });
    const client = await TestWsClient.open(server.wsUrl());
    await client.waitForUpdates(2);
    const text = await (await fetch(server.httpUrl(PATHS.metrics))).text();
    expect(text).toMatch(/monitor_live_connections\{[^}]*transport="websocket"[^}]*\} 1/);
    expect(text).toMatch(
      /monitor_live_messages_sent_total\{[^}]*transport="websocket"[^}]*\} [1-9]/,
    );
    expect(text).toMatch(/monitor_status_compute_duration_seconds_count\{[^}]*\} [1-9]/);
    for (const name of [
      'monitor_live_broadcast_duration_seconds',
      'monitor_live_serialization_duration_seconds',
      'monitor_event_loop_lag_p99_seconds',
      'process_cpu_user_seconds_total',
    ]) {
      expect(text).toContain(name);
    }
    const summary = await (await fetch(server.httpUrl(METRICS_SUMMARY_PATH))).json();
    expect(Value.Check(MetricsSummarySchema, summary)).toBe(true);
    expect(summary).toMatchObject({
      connections: { websocket: 1, sse: 0, total: 1 },
      node_id: server.config.nodeId,
    });
    expect(summary.messages_sent_total).toBeGreaterThanOrEqual(2);
    client.close();
  });

  it('documents the status route with the status document schema in /docs', async () => {
    server = await start();
    const spec = (await (await fetch(server.httpUrl('/docs/json'))).json()) as {
      paths: Record<
        string,
        { get?: { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> } }
      >;
    };
    const ok = spec.paths[PATHS.status]?.get?.responses?.['200'];
    expect(JSON.stringify(ok)).toContain('scraping_health');
    expect(spec.paths[PATHS.sse]).toBeDefined();
    expect(spec.paths[METRICS_SUMMARY_PATH]).toBeDefined();
  });
});
