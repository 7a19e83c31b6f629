import {
  createConnection,
  createServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';

/** How the proxy treats traffic: see {@link FaultProxy}. */
export type FaultMode = 'pass' | 'cut' | 'blackhole';

const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  'postgres:': 5432,
  'postgresql:': 5432,
  'redis:': 6379,
  'rediss:': 6379,
};

function defaultPort(url: URL): number {
  const port = DEFAULT_PORTS[url.protocol];
  if (port === undefined) throw new Error(`no port in ${url.protocol} URL and no default for it`);
  return port;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

/**
 * A TCP proxy on 127.0.0.1 in front of a real service (PostgreSQL, Redis), for fault injection
 * without touching the service:
 * - `pass`: bytes flow both ways;
 * - `cut`: every open connection is destroyed and new ones are accepted and dropped at once,
 *   what a client sees when the service dies or a firewall resets it;
 * - `blackhole`: connections stay open but nothing flows (new ones are held before they reach
 *   the service), what a partitioned network or a wedged host looks like: only timeouts help.
 * `restore()` returns to `pass`; held bytes and held connections then go through.
 */
export class FaultProxy implements AsyncDisposable {
  readonly #server: Server;
  readonly #target: { host: string; port: number };
  readonly #pairs = new Set<Pair>();
  #mode: FaultMode = 'pass';
  #accepted = 0;

  private constructor(server: Server, target: { host: string; port: number }) {
    this.#server = server;
    this.#target = target;
  }

  /**
   * Starts a proxy to the host and port of `targetUrl` (e.g. `redis://127.0.0.1:6379`) on an
   * ephemeral loopback port; without a port in the URL, the scheme's usual one.
   */
  static async start(targetUrl: string): Promise<FaultProxy> {
    const url = new URL(targetUrl);
    const target = { host: url.hostname, port: Number(url.port || defaultPort(url)) };
    const server = createServer({ noDelay: true });
    const proxy = new FaultProxy(server, target);
    server.on('connection', (socket) => proxy.#accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The proxy's port on 127.0.0.1. */
  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** `targetUrl` with its host and port replaced by the proxy's. */
  url(targetUrl: string): string {
    const url = new URL(targetUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  get mode(): FaultMode {
    return this.#mode;
  }

  /** Connections accepted so far (reconnections show up here). */
  get accepted(): number {
    return this.#accepted;
  }

  /** Connections currently open through the proxy. */
  get open(): number {
    return this.#pairs.size;
  }

  /** Destroys every connection and drops new ones until {@link restore}. */
  cut(): void {
    this.#mode = 'cut';
    for (const pair of this.#pairs) this.#destroy(pair);
  }

  /** Stops every byte, both ways, and holds new connections, until {@link restore}. */
  blackhole(): void {
    this.#mode = 'blackhole';
    for (const pair of this.#pairs) {
      pair.client.unpipe();
      pair.upstream?.unpipe();
      pair.client.pause();
      pair.upstream?.pause();
    }
  }

  /** Lets traffic through again; held connections are connected now. */
  restore(): void {
    const wasHolding = this.#mode === 'blackhole';
    this.#mode = 'pass';
    if (!wasHolding) return;
    for (const pair of this.#pairs) {
      if (pair.upstream) this.#pipe(pair);
      else this.#connect(pair);
    }
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #accept(client: Socket): void {
    this.#accepted += 1;
    if (this.#mode === 'cut') {
      client.destroy();
      return;
    }
    const pair: Pair = { client, upstream: null };
    this.#pairs.add(pair);
    client.on('error', () => {});
    client.on('close', () => this.#destroy(pair));
    if (this.#mode === 'pass') this.#connect(pair);
    else client.pause();
  }

  #connect(pair: Pair): void {
    const upstream = createConnection(this.#target);
    pair.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('error', () => {});
    upstream.on('close', () => this.#destroy(pair));
    this.#pipe(pair);
  }

  #pipe(pair: Pair): void {
    pair.client.pipe(pair.upstream!);
    pair.upstream!.pipe(pair.client);
    pair.client.resume();
    pair.upstream!.resume();
  }

  #destroy(pair: Pair): void {
    this.#pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  }
}
