import { afterAll, describe, expect, it } from 'vitest';
import { PATHS } from '@naija-monitor/protocol';
import { createScratchPostgres, type ScratchPostgres } from './support/fault-database';
import { ReconnectingFleet } from './support/fault-reconnecting-clients';
import { spawnServer, type ServerProcess } from './support/fault-server-process';

const CLIENTS = 1000;
const ACCEPT_PER_SECOND = 200;

/** Polls `condition` every 100 ms until it holds or `timeoutMs` passes. */
async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Most accepts within any window of `windowMs`, over sorted times. */
function busiestWindow(sortedAt: number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < sortedAt.length; end++) {
    while (sortedAt[end]! - sortedAt[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

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
    const restartedAtWall = Date.now();
    await until(
      () => clients.servedBy('storm-after') === CLIENTS,
      120_000,
      'every client back on the restarted server',
    );
    const backAfterMs = performance.now() - restartedAt;

    // Accepts by the server's clock (the send time of each connection's first update).
    const accepts = clients.firstUpdates
      .filter((u) => u.nodeId === 'storm-after')
      .map((u) => u.sentAt)
      .sort((a, b) => a - b);
    expect(accepts.length).toBeGreaterThanOrEqual(CLIENTS);
    // Token bucket: one second's burst, then the rate: at most 4 s of tokens in any 3 s (15 %
    // slack: a first update may leave a little after its accept, bunched behind a computation).
    expect(busiestWindow(accepts, 3000)).toBeLessThanOrEqual(ACCEPT_PER_SECOND * 4 * 1.15);
    // So serving everyone took at least the time the rate needs.
    const spanMs = accepts.at(-1)! - accepts[0]!;
    expect(spanMs).toBeGreaterThanOrEqual(
      ((CLIENTS - ACCEPT_PER_SECOND) / ACCEPT_PER_SECOND) * 1000 * 0.8,
    );
    expect(accepts[0]!).toBeGreaterThanOrEqual(restartedAtWall - 60_000);

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
        `${refused.length} refusals (503 + Retry-After); busiest 3 s: ${busiestWindow(accepts, 3000)} accepts`,
    );
    expect(second.stderr()).not.toMatch(/unhandled|uncaught/i);
  }, 300_000);
});
