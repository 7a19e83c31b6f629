import WebSocket from 'ws';
import { STATUS_PATCH_TYPE, WS_SUBPROTOCOL_V2 } from '@naija-monitor/protocol';
import { nowMs } from '../clock';
import type {
  AwaitSeqRequest,
  AwaitSeqResult,
  CollectResult,
  ConnectRequest,
  ConnectResult,
} from './commands';
import { scanEnvelope } from './envelope-scan';
import { ReceiveLog } from './receive-log';

interface Client {
  socket: WebSocket;
  ready: boolean;
  lastSeq: number;
}

interface SeqWaiter {
  seq: number;
  behind: number;
  resolve: () => void;
}

/** How a v2 patch starts on the wire (the server writes `type` first). */
const PATCH_PREFIX = Buffer.from(`{"type":"${STATUS_PATCH_TYPE}","seq":`);
/** `,"base":<digits>` right after the seq, read from the patch's first bytes only. */
const BASE_FIELD = /^\{"type":"[a-z_]+","seq":\d+,"base":(\d+),/;

const ENGINE_IO_PING = 0x32; // '2'
const ENGINE_IO_OPEN = 0x30; // '0'
const SOCKET_IO_CONNECT = '40';
const SOCKET_IO_EVENT = 0x34; // '4' of '42[...]'

/**
 * The clients of one load-generator process: opens them with bounded concurrency, logs the
 * receive time and seq of every update, and counts missed and duplicated seqs per client.
 * Speaks plain WebSocket, or just enough of Engine.IO 4 / Socket.IO 5 over WebSocket to
 * receive `io.emit` events (the open, connect and ping packets).
 */
export class ClientPool {
  readonly #clients = new Set<Client>();
  readonly #log = new ReceiveLog();
  readonly #errorMessages = new Set<string>();
  readonly #closeCodes: Record<string, number> = {};
  #waiter: SeqWaiter | null = null;
  #closing = false;
  #missed = 0;
  #duplicated = 0;
  #other = 0;
  #errors = 0;
  #closedUnexpectedly = 0;

  /** Opens `request.count` more clients; resolves when each has opened or failed. */
  async connect(request: ConnectRequest): Promise<ConnectResult> {
    this.#closing = false;
    const startedAtMs = nowMs();
    let finishedAtMs = startedAtMs;
    let opened = 0;
    let failed = 0;
    const handshakeMs: number[] = [];
    const errors = new Set<string>();
    await new Promise<void>((resolve) => {
      let launched = 0;
      let inFlight = 0;
      const launch = () => {
        while (inFlight < request.concurrency && launched < request.count) {
          launched++;
          inFlight++;
          const began = nowMs();
          void this.#open(request).then((error) => {
            inFlight--;
            finishedAtMs = nowMs();
            if (error === null) {
              opened++;
              handshakeMs.push(finishedAtMs - began);
            } else {
              failed++;
              if (errors.size < 5) errors.add(error);
            }
            if (launched === request.count && inFlight === 0) resolve();
            else launch();
          });
        }
      };
      if (request.count === 0) resolve();
      else launch();
    });
    return {
      opened,
      failed,
      startedAtMs,
      finishedAtMs,
      handshakeMs: Float64Array.from(handshakeMs),
      errors: [...errors],
    };
  }

  /** Resolves when every open client has seen `seq`, or at the timeout. */
  awaitSeq(request: AwaitSeqRequest): Promise<AwaitSeqResult> {
    let behind = 0;
    for (const client of this.#clients) if (client.ready && client.lastSeq < request.seq) behind++;
    if (behind === 0) return Promise.resolve({ behind: 0, open: this.#openCount() });
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        const left = this.#waiter?.behind ?? 0;
        this.#waiter = null;
        resolve({ behind: left, open: this.#openCount() });
      };
      const timer = setTimeout(finish, request.timeoutMs);
      this.#waiter = { seq: request.seq, behind, resolve: finish };
    });
  }

  /** Returns the receive log and counters since the previous collect, and resets them. */
  collect(): CollectResult {
    const result: CollectResult = {
      ...this.#log.drain(),
      missed: this.#missed,
      duplicated: this.#duplicated,
      other: this.#other,
      errors: this.#errors,
      closedUnexpectedly: this.#closedUnexpectedly,
      closeCodes: { ...this.#closeCodes },
      errorMessages: [...this.#errorMessages],
      open: this.#openCount(),
    };
    this.#missed = this.#duplicated = this.#other = this.#errors = this.#closedUnexpectedly = 0;
    for (const code of Object.keys(this.#closeCodes)) delete this.#closeCodes[code];
    this.#errorMessages.clear();
    return result;
  }

  /** Drops every client (TCP close without the WebSocket closing handshake, for speed). */
  async closeAll(): Promise<number> {
    this.#closing = true;
    const closing = [...this.#clients].map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.socket.readyState === WebSocket.CLOSED) resolve();
          else {
            client.socket.once('close', () => resolve());
            client.socket.terminate();
          }
        }),
    );
    await Promise.all(closing);
    this.#clients.clear();
    return closing.length;
  }

  #openCount(): number {
    let open = 0;
    for (const client of this.#clients) if (client.ready) open++;
    return open;
  }

  /** Opens one client; resolves with null once it is ready, or with the error. */
  #open(request: ConnectRequest): Promise<string | null> {
    return new Promise((resolve) => {
      const socket = new WebSocket(
        request.url,
        request.dialect === 'ws-v2' ? [WS_SUBPROTOCOL_V2] : [],
        {
          localAddress: request.localAddress,
          perMessageDeflate: false,
          handshakeTimeout: request.handshakeTimeoutMs,
        },
      );
      const client: Client = { socket, ready: false, lastSeq: -1 };
      let settled = false;
      const settle = (error: string | null) => {
        if (settled) return;
        settled = true;
        if (error === null) {
          client.ready = true;
          this.#clients.add(client);
        }
        resolve(error);
      };
      socket.on('unexpected-response', (_request, response) => {
        settle(`HTTP ${response.statusCode}`);
        socket.terminate();
      });
      socket.on('error', (error) => {
        if (!settled) settle(error.message);
        else {
          this.#errors++;
          if (this.#errorMessages.size < 5) this.#errorMessages.add(error.message);
        }
      });
      socket.on('close', (code) => {
        if (!settled) settle(`closed during handshake (${code})`);
        if (!this.#clients.delete(client)) return;
        if (this.#waiter && client.lastSeq < this.#waiter.seq) this.#progress();
        if (this.#closing) return;
        this.#closedUnexpectedly++;
        this.#closeCodes[code] = (this.#closeCodes[code] ?? 0) + 1;
      });
      if (request.dialect === 'ws-v2') {
        socket.on('open', () => settle(null));
        socket.on('message', (data: Buffer) => this.#onV2Message(client, data));
      } else if (request.dialect === 'ws') {
        socket.on('open', () => settle(null));
        socket.on('message', (data: Buffer) => this.#onUpdate(client, data, 0));
      } else {
        socket.on('message', (data: Buffer) => {
          const first = data[0];
          if (first === SOCKET_IO_EVENT && data[1] === 0x32)
            this.#onUpdate(client, data, data.indexOf(0x7b));
          else if (first === ENGINE_IO_PING && data.length === 1) socket.send('3');
          else if (first === ENGINE_IO_OPEN) socket.send(SOCKET_IO_CONNECT);
          else if (first === SOCKET_IO_EVENT && data[1] === 0x30) settle(null);
          else this.#other++;
        });
      }
    });
  }

  /**
   * A v2 message: a full document is read like v1; a patch must follow the seq this client
   * holds (`base` = its last seq), else the client would diverge: counted as missed, so the
   * bench fails on any divergence as it does on a lost update. (Applying every patch for 19 000
   * clients would make the load generator the bottleneck; that patches rebuild the document
   * exactly is checked by the property tests in packages/protocol and the server's v2 tests.)
   */
  #onV2Message(client: Client, data: Buffer): void {
    if (data.subarray(0, PATCH_PREFIX.length).equals(PATCH_PREFIX)) {
      const base = BASE_FIELD.exec(data.subarray(0, 96).toString('latin1'));
      if (!base || Number(base[1]) !== client.lastSeq) this.#missed++;
    }
    this.#onUpdate(client, data, 0);
  }

  #onUpdate(client: Client, data: Buffer, start: number): void {
    const receivedAtMs = nowMs();
    const fields = start >= 0 ? scanEnvelope(data, start) : null;
    if (!fields) {
      this.#other++;
      return;
    }
    const { seq } = fields;
    const previous = client.lastSeq;
    if (previous >= 0) {
      if (seq <= previous) this.#duplicated++;
      else if (seq > previous + 1) this.#missed += seq - previous - 1;
    }
    if (seq > previous) client.lastSeq = seq;
    this.#log.add(seq, receivedAtMs, fields.timestampMs);
    const waiter = this.#waiter;
    if (waiter && previous < waiter.seq && seq >= waiter.seq) this.#progress();
  }

  #progress(): void {
    const waiter = this.#waiter;
    if (!waiter) return;
    waiter.behind--;
    if (waiter.behind <= 0) waiter.resolve();
  }
}
