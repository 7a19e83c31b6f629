/**
 * Bytes on the wire per client, protocol v1 against v2, on the bench's real server and seeded
 * document: `npx tsx bench/v2-bytes.ts`. One v1 and one v2 WebSocket client; ticks where
 * nothing but the computation changed (real recomputations once a second), then a typical change (one conflict event ingested).
 */
import WebSocket from 'ws';
import { PATHS, WS_SUBPROTOCOL_V2 } from '@naija-monitor/protocol';
import { ingestEvent } from './scenarios/change-latency';
import { BENCH_INGEST_TOKEN, startOurs } from './servers/ours';

/** Payload plus the WebSocket frame header a server sends (unmasked). */
const wire = (payload: number) => payload + (payload < 126 ? 2 : payload < 65_536 ? 4 : 10);

const server = await startOurs({ documentJson: '', settings: { broadcastIntervalSeconds: '1' } });
const url = `ws://127.0.0.1:${server.port}${PATHS.websocket[0]}`;
const received = { v1: [] as number[], v2: [] as number[] };
const open = (protocols: string[], into: number[]) =>
  new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(url, protocols, { perMessageDeflate: false });
    socket.on('message', (data: Buffer) => into.push(wire(data.length)));
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const v1 = await open([], received.v1);
const v2 = await open([WS_SUBPROTOCOL_V2], received.v2);
await sleep(1000);
const first = { v1: received.v1.length, v2: received.v2.length };
// Real recomputations once a second: the pipeline does not change, only times and figures do.
await sleep(6000);
const ticks = { v1: received.v1.slice(first.v1), v2: received.v2.slice(first.v2) };
const afterTicks = { v1: received.v1.length, v2: received.v2.length };
const ingested = await fetch(`http://127.0.0.1:${server.port}/api/v1/ingest/batch`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_INGEST_TOKEN}` },
  body: JSON.stringify({ events: [ingestEvent()] }),
});
if (!ingested.ok) throw new Error(`ingest answered ${ingested.status}: ${await ingested.text()}`);
await sleep(700);
const change = { v1: received.v1.slice(afterTicks.v1), v2: received.v2.slice(afterTicks.v2) };
v1.close();
v2.close();
await server.close();

const mean = (values: number[]) =>
  values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : NaN;
const tickV1 = mean(ticks.v1);
const tickV2 = mean(ticks.v2);
const perHour = (fullBytes: number, tickBytes: number, v2: boolean) =>
  v2 ? fullBytes + 719 * tickBytes : 720 * fullBytes; // 5 s interval: 720 updates an hour
console.log(`full document (first message): v1 ${received.v1[0]} B, v2 ${received.v2[0]} B`);
console.log(
  `"nothing changed" tick (${ticks.v2.length}): v1 ${tickV1} B, v2 ${tickV2} B (${(tickV1 / tickV2).toFixed(1)}× fewer)`,
);
console.log(
  `typical change (one event ingested; the first message after it, then any tick): v1 ${change.v1.join(', ')} B, v2 ${change.v2.join(', ')} B`,
);
console.log(
  `dashboard open for an hour at the 5 s interval, ticks only: v1 ${(perHour(tickV1, tickV1, false) / 1e6).toFixed(2)} MB, v2 ${(perHour(received.v2[0]!, tickV2, true) / 1e6).toFixed(2)} MB`,
);
