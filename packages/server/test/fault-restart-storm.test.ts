import { afterAll, describe, expect, it } from 'vitest';
import { PATHS } from '@naija-monitor/protocol';
import { createScratchPostgres, type ScratchPostgres } from './support/fault-database';
import { ReconnectingFleet } from './support/fault-reconnecting-clients';
import { spawnServer, type ServerProcess } from './support/fault-server-process';

const CLIENTS = 1000;
const ACCEPT_PER_SECOND = 200;

/** Waits (`expect.poll`, every 100 ms) until `condition` holds or `timeout` passes. */
const until = (condition: () => boolean, timeout: number, message: string) =>
  expect.poll(condition, { timeout, interval: 100, message }).toBe(true);

describe('SIGKILL of the server with 1 000 live clients', () => {
  const servers: ServerProcess[] = [];
  let fleet: ReconnectingFleet | undefined;
  let scratch: ScratchPostgres | undefined;
  afterAll(async () => {
    fleet?.stop();
    for (const server of servers) await server.stop('SIGKILL');
    await scratch?.drop();
  });

  it('every client comes back to the restarted server on the same port, paced: never more accepts than MAX_HANDSHAKES_PER_SECOND, the rest refused 503 with Retry-After', async () => {
    // PostgreSQL when there is one (starts in a second); else in-memory PGlite (initdb: slower).
    if (process.env.DATABASE_URL)
      scratch = await createScratchPostgres(process.env.DATABASE_URL, 'monitor_storm');
    const env = {
      ...(scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: 'memory' }),
      BROADCAST_INTERVAL: '1',
      MAX_CONNECTIONS: String(CLIENTS * 2),
      MAX_CONNECTIONS_PER_IP: String(CLIENTS * 2),
      HANDSHAKES_PER_IP_PER_MINUTE: '1000000',
      MAX_HANDSHAKES_PER_SECOND: String(ACCEPT_PER_SECOND),
    };
    const first = await spawnServer({ ...env, NODE_ID: 'storm-before' });
    servers.push(first);
    fleet = new ReconnectingFleet({
      url: `ws://127.0.0.1:${first.port}${PATHS.websocket[0]}`,
      count: CLIENTS,
      // Impatient clients (at most 1 s between attempts): a real storm, far above the rate.
      baseDelayMs: 100,
      maxDelayMs: 1000,
    });
    const clients = fleet;
    clients.start(2000);
    await until(
      () => clients.servedBy('storm-before') === CLIENTS,
      90_000,
      'every client connected the first time',
    );

    // kill -9: no close frame, no goodbye; every client sees its socket die.
    process.kill(first.pid, 'SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await until(() => clients.servedBy('storm-before') === 0, 10_000, 'every client noticed');
    // Down for a moment: the clients' attempts are refused by the kernel meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const second = await spawnServer({ ...env, PORT: String(first.port), NODE_ID: 'storm-after' });
    servers.push(second);
    expect(second.port).toBe(first.port);
    const restartedAt = performance.now();
    // The server's own count of live connections every 100 ms, stamped by its clock.
    const counts: { at: number; total: number }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          const summary = (await (
            await fetch(`http://127.0.0.1:${second.port}/api/v1/monitoring/metrics`)
          ).json()) as { timestamp: string; connections: { total: number } };
          counts.push({ at: Date.parse(summary.timestamp), total: summary.connections.total });
        } catch {
          // A poll lost in the storm: the next one counts.
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    try {
      await until(
        () => clients.servedBy('storm-after') === CLIENTS,
        120_000,
        'every client back on the restarted server',
      );
    } finally {
      polling = false;
      await poller;
    }
    const backAfterMs = performance.now() - restartedAt;

    // Token bucket: a burst of one second's worth, then the rate. Between any two counts up to
    // 3 s apart, no more accepts than that (5 % and a few connections of slack).
    let worst = 0;
    for (let i = 0; i < counts.length; i++) {
      for (let j = i + 1; j < counts.length && counts[j]!.at - counts[i]!.at <= 3000; j++) {
        const allowed = ACCEPT_PER_SECOND * ((counts[j]!.at - counts[i]!.at) / 1000 + 1);
        worst = Math.max(worst, (counts[j]!.total - counts[i]!.total) / allowed);
        expect(counts[j]!.total - counts[i]!.total).toBeLessThanOrEqual(allowed * 1.05 + 5);
      }
    }
    // So serving everyone took at least the time the rate needs.
    const firstBack = counts.find((c) => c.total > 0) ?? counts[0]!;
    const allBack = counts.find((c) => c.total >= CLIENTS) ?? counts.at(-1)!;
    const spanMs = allBack.at - firstBack.at;
    expect(spanMs).toBeGreaterThanOrEqual(
      ((CLIENTS - 2 * ACCEPT_PER_SECOND) / ACCEPT_PER_SECOND) * 1000 * 0.9,
    );

    // The others were told to wait: 503 with a Retry-After, which they honoured.
    const refused = clients.events.filter((e) => e.kind === 'refused' && e.at > restartedAt);
    expect(refused.length).toBeGreaterThan(0);
    for (const refusal of refused) {
      expect(refusal.status).toBe(503);
      expect(refusal.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    // The server counted the same refusals.
    const metrics = await (await fetch(`http://127.0.0.1:${second.port}/metrics`)).text();
    const counted =
      /monitor_live_connections_refused_total\{[^}]*reason="accept_rate"[^}]*\} (\d+)/.exec(
        metrics,
      );
    expect(Number(counted?.[1] ?? 0)).toBe(refused.length);
    console.info(
      `[storm] ${CLIENTS} clients back in ${Math.round(backAfterMs)} ms; accepts spanned ${Math.round(spanMs)} ms; ` +
        `${refused.length} refusals (503 + Retry-After); busiest pair of counts at ${(worst * 100).toFixed(0)} % of the rate's bound`,
    );
    expect(second.stderr()).not.toMatch(/unhandled|uncaught/i);
  }, 300_000);
});
