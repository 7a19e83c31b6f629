import type { ServerResponse } from 'node:http';
import { CLOSE_GRACE_MS } from './close-codes';
import {
  LiveClient,
  type CloseCause,
  type LiveClientInit,
  type ServerCloseCause,
} from './live-client';
import type { Frames } from './prepared-update';

/** What an SSE client reports to the hub. */
export interface SseClientEvents {
  onClosed(client: SseClient, cause: CloseCause): void;
}

/** Reconnection delay told to EventSource when the server ends a stream: 1 to 5 s, random. */
export function jitteredRetryMs(random: () => number = Math.random): number {
  return 1000 + Math.floor(random() * 4000);
}

/**
 * A Server-Sent Events client on a hijacked response. Updates are `id:`/`data:` events,
 * heartbeats are comments. When the server ends a stream (rotation, restart, slow client) it
 * first sends a random `retry:`, so EventSources do not all come back at the same moment.
 */
export class SseClient extends LiveClient {
  readonly transport = 'sse' as const;
  readonly #response: ServerResponse;

  constructor(response: ServerResponse, init: LiveClientInit, events: SseClientEvents) {
    super(init);
    this.#response = response;
    response.on('error', () => {
      this.closeCause ??= 'error';
    });
    response.on('close', () => events.onClosed(this, this.closeCause ?? 'client'));
  }

  isOpen(): boolean {
    return !this.#response.writableEnded && !this.#response.destroyed && this.closeCause === null;
  }

  bufferedBytes(): number {
    return this.#response.writableLength;
  }

  write(frames: Frames): number {
    this.#response.write(frames.sseEvent);
    return frames.sseEvent.length;
  }

  heartbeat(): void {
    this.#response.write(':\n\n');
  }

  close(cause: ServerCloseCause): void {
    if (this.closeCause !== null) return;
    this.closeCause = cause;
    this.#response.end(`retry: ${jitteredRetryMs()}\n\n`);
    // A peer that does not read never lets the end through: drop it after a grace period.
    setTimeout(() => {
      if (!this.#response.writableFinished) this.#response.destroy();
    }, CLOSE_GRACE_MS).unref();
  }

  terminate(cause: CloseCause): void {
    this.closeCause ??= cause;
    this.#response.destroy();
  }
}
