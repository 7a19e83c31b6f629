import { addressBucket } from '../access/ip-ranges';
import type { LiveClient, Transport } from './live-client';

/**
 * The live clients of this process, with the counts the limits need (total, per address,
 * per transport) kept up to date on every change instead of counted on demand. "Per address"
 * is per {@link addressBucket}: an IPv6 /64 counts as one address.
 */
export class ConnectionRegistry {
  readonly #clients = new Set<LiveClient>();
  readonly #perIp = new Map<string, number>();
  readonly #perTransport: Record<Transport, number> = { websocket: 0, sse: 0 };

  /** Adds `client`; false if it was already there. */
  add(client: LiveClient): boolean {
    if (this.#clients.has(client)) return false;
    this.#clients.add(client);
    const key = addressBucket(client.ip);
    this.#perIp.set(key, (this.#perIp.get(key) ?? 0) + 1);
    this.#perTransport[client.transport] += 1;
    return true;
  }

  /** Removes `client`; false if it was not there. */
  delete(client: LiveClient): boolean {
    if (!this.#clients.delete(client)) return false;
    const key = addressBucket(client.ip);
    const count = (this.#perIp.get(key) ?? 1) - 1;
    if (count === 0) this.#perIp.delete(key);
    else this.#perIp.set(key, count);
    this.#perTransport[client.transport] -= 1;
    return true;
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Open connections from `ip`'s bucket (its /64 for IPv6). */
  countForIp(ip: string): number {
    return this.#perIp.get(addressBucket(ip)) ?? 0;
  }

  /** Open connections of `transport`. */
  countFor(transport: Transport): number {
    return this.#perTransport[transport];
  }

  /** The clients now, as an array: safe to walk across event-loop turns while clients come and go. */
  snapshot(): LiveClient[] {
    return [...this.#clients];
  }
}
