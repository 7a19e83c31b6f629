/**
 * A load-generator process for the soak and storm scripts (started by `worker-fleet.ts`): it
 * holds many WebSocket clients of the monitor and behaves like a crowd of real ones. A lost
 * connection comes back with full-jitter backoff; a refused handshake waits its `Retry-After`
 * (plus up to a second); some clients churn (close and reopen); some are slow (stop reading
 * for a while, as a phone on a bad network). It answers the parent's commands over IPC.
 */
import WebSocket from 'ws';
import type { WorkerCommand, WorkerSample } from './worker-protocol';

interface Client {
  id: number;
  ws: WebSocket | null;
  open: boolean;
  failures: number;
  slow: boolean;
  paused: boolean;
  churning: boolean;
  timer: NodeJS.Timeout | null;
  /** Epoch ms of the first update on the current connection (server clock), once seen. */
  servedAt: number | null;
}

let settings: Extract<WorkerCommand, { type: 'start' }> | null = null;
const clients: Client[] = [];
let stopped = false;
const counters = {
  messages: 0,
  bytes: 0,
  opened: 0,
  failed: 0,
  refused: {} as Record<string, number>,
  closed: {} as Record<string, number>,
  maxRetryAfterSeconds: 0,
};
let highestSeq = 0;
/** Server send times of each connection's first update since the last sample. */
let served: number[] = [];
let churnTimer: NodeJS.Timeout | null = null;
let slowTimer: NodeJS.Timeout | null = null;

function backoffMs(client: Client): number {
  const { baseDelayMs, maxDelayMs } = settings!;
  return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** client.failures);
}

function schedule(client: Client, delayMs: number): void {
  if (stopped) return;
  if (client.timer) clearTimeout(client.timer);
  client.timer = setTimeout(() => {
    client.timer = null;
    connect(client);
  }, delayMs);
}

function connect(client: Client): void {
  if (stopped || !settings) return;
  const addresses = settings.localAddresses;
  const ws = new WebSocket(settings.url, {
    perMessageDeflate: false,
    handshakeTimeout: 15_000,
    ...(addresses.length > 0 ? { localAddress: addresses[client.id % addresses.length] } : {}),
  });
  client.ws = ws;
  client.servedAt = null;
  client.paused = false;
  let settled = false;
  const retry = (delayMs: number) => {
    if (settled) return;
    settled = true;
    client.open = false;
    client.failures += 1;
    ws.removeAllListeners();
    ws.on('error', () => {});
    ws.terminate();
    schedule(client, delayMs);
  };
  ws.on('open', () => {
    client.open = true;
    counters.opened += 1;
  });
  ws.on('message', (data: Buffer) => {
    counters.messages += 1;
    counters.bytes += data.length;
    // Cheap reads of the envelope's head: the document itself is not parsed.
    const head = data.subarray(0, 120).toString('latin1');
    const seq = /"seq":(\d+)/.exec(head);
    if (seq) highestSeq = Math.max(highestSeq, Number(seq[1]));
    if (client.servedAt === null) {
      const sentAt = /"timestamp":"([^"]+)"/.exec(head);
      if (sentAt) {
        client.servedAt = Date.parse(sentAt[1]!);
        served.push(client.servedAt);
        client.failures = 0;
      }
    }
  });
  ws.on('unexpected-response', (request, response) => {
    const status = String(response.statusCode ?? 0);
    counters.refused[status] = (counters.refused[status] ?? 0) + 1;
    const retryAfter = Number(response.headers['retry-after']);
    response.resume();
    request.destroy();
    if (Number.isFinite(retryAfter) && retryAfter > 0) {
      counters.maxRetryAfterSeconds = Math.max(counters.maxRetryAfterSeconds, retryAfter);
      retry(retryAfter * 1000 + Math.random() * 1000);
    } else retry(backoffMs(client));
  });
  ws.on('error', () => {
    if (!client.open && !settled) {
      counters.failed += 1;
      retry(backoffMs(client));
    }
  });
  ws.on('close', (code: number) => {
    counters.closed[String(code)] = (counters.closed[String(code)] ?? 0) + 1;
    const churned = client.churning;
    client.churning = false;
    // A deliberate close comes back soon; a lost connection backs off.
    retry(churned ? Math.random() * 1000 : backoffMs(client));
  });
}

/** Closes `count` random open clients, as people leaving and coming back. */
function churn(count: number): void {
  const open = clients.filter((c) => c.open && !c.churning);
  for (let i = 0; i < count && open.length > 0; i++) {
    const [client] = open.splice(Math.floor(Math.random() * open.length), 1);
    client!.churning = true;
    client!.ws?.close(1000);
  }
}

/** Slow clients alternate: read for a while, stop reading for a while. */
function toggleSlow(): void {
  for (const client of clients) {
    if (!client.slow || !client.open || !client.ws) continue;
    if (client.paused) client.ws.resume();
    else client.ws.pause();
    client.paused = !client.paused;
  }
}

function sample(): WorkerSample {
  const result: WorkerSample = {
    type: 'sample',
    clients: clients.length,
    open: clients.filter((c) => c.open).length,
    served: clients.filter((c) => c.open && c.servedAt !== null).length,
    paused: clients.filter((c) => c.paused).length,
    messages: counters.messages,
    bytes: counters.bytes,
    opened: counters.opened,
    failed: counters.failed,
    refused: { ...counters.refused },
    closed: { ...counters.closed },
    maxRetryAfterSeconds: counters.maxRetryAfterSeconds,
    highestSeq,
    servedAt: served,
    rssBytes: process.memoryUsage().rss,
  };
  served = [];
  return result;
}

// The parent is gone (it crashed or was killed): leave with it rather than linger.
process.on('disconnect', () => process.exit(0));

process.on('message', (command: WorkerCommand) => {
  switch (command.type) {
    case 'start': {
      settings = command;
      for (let i = 0; i < command.count; i++) {
        const client: Client = {
          id: command.firstId + i,
          ws: null,
          open: false,
          failures: 0,
          slow: Math.random() < command.slowFraction,
          paused: false,
          churning: false,
          timer: null,
          servedAt: null,
        };
        clients.push(client);
        schedule(client, Math.random() * command.spreadMs);
      }
      if (command.churnPerSecond > 0) {
        let owed = 0;
        churnTimer = setInterval(() => {
          owed += command.churnPerSecond;
          const now = Math.floor(owed);
          owed -= now;
          churn(now);
        }, 1000);
      }
      if (command.slowFraction > 0) slowTimer = setInterval(toggleSlow, command.slowToggleMs);
      process.send!({ type: 'started' });
      break;
    }
    case 'sample':
      process.send!(sample());
      break;
    case 'stop':
      stopped = true;
      if (churnTimer) clearInterval(churnTimer);
      if (slowTimer) clearInterval(slowTimer);
      for (const client of clients) {
        if (client.timer) clearTimeout(client.timer);
        client.ws?.removeAllListeners();
        client.ws?.on('error', () => {});
        client.ws?.terminate();
      }
      process.send!({ type: 'stopped' }, () => process.exit(0));
      break;
  }
});
