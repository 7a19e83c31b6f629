import { describe, expect, it, vi } from 'vitest';
import { MonitorClientCore } from './client';
import { FakeSocket } from '../test/fake-socket';
import type { SharedMonitorClient } from './shared-client';
import {
  createSharedMonitorClient,
  type BroadcastChannelLike,
  type LockManagerLike,
} from './shared-client';

/** Web Locks for one origin: exclusive, granted in request order, released when the callback's promise settles. */
class FakeLocks implements LockManagerLike {
  #held = false;
  #queue: { callback: () => Promise<void>; done: (value: unknown) => void }[] = [];
  request(
    _name: string,
    options: { signal?: AbortSignal },
    callback: () => Promise<void>,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const entry = { callback, done: resolve };
      options.signal?.addEventListener('abort', () => {
        const index = this.#queue.indexOf(entry);
        if (index >= 0) {
          this.#queue.splice(index, 1);
          reject(new DOMException('aborted', 'AbortError'));
        }
      });
      this.#queue.push(entry);
      this.#next();
    });
  }
  #next(): void {
    if (this.#held) return;
    const entry = this.#queue.shift();
    if (!entry) return;
    this.#held = true;
    void entry.callback().then((value) => {
      this.#held = false;
      entry.done(value);
      this.#next();
    });
  }
}

/** BroadcastChannel across "tabs" in one process (delivery on a later task, never to oneself). */
class FakeChannel implements BroadcastChannelLike {
  static all = new Set<FakeChannel>();
  #listeners: ((event: { data: unknown }) => void)[] = [];
  constructor(readonly name: string) {
    FakeChannel.all.add(this);
  }
  postMessage(message: unknown): void {
    const data = structuredClone(message);
    for (const other of FakeChannel.all)
      if (other !== this && other.name === this.name)
        setTimeout(() => other.#listeners.forEach((listener) => listener({ data })), 0);
  }
  addEventListener(_type: 'message', listener: (event: { data: unknown }) => void): void {
    this.#listeners.push(listener);
  }
  close(): void {
    FakeChannel.all.delete(this);
  }
}

describe('SharedMonitorClient', () => {
  it('one tab leads and connects; the others follow; the next one takes over when it closes', async () => {
    const connections: string[] = [];
    const WebSocket = class {
      readyState = 0;
      constructor(url: string) {
        connections.push(url);
      }
      send(): void {}
      close(): void {}
      addEventListener(): void {}
    };
    const locks = new FakeLocks();
    const tabs = Array.from({ length: 3 }, () =>
      createSharedMonitorClient(
        { baseUrl: 'http://monitor.test', WebSocket, document: null, window: null },
        { locks, BroadcastChannel: FakeChannel, name: 'test' },
      ),
    );
    for (const tab of tabs) tab.start();
    await vi.waitFor(() => expect(connections).toHaveLength(1));
    const leaders = () => tabs.map((tab) => (tab as SharedMonitorClient).isLeader);
    expect(leaders()).toEqual([true, false, false]);
    // Followers show what the leader posts (here: its connecting state).
    await vi.waitFor(() => expect(tabs[1]!.getSnapshot().state).toBe(tabs[0]!.getSnapshot().state));

    tabs[0]!.close();
    await vi.waitFor(() => expect(leaders()).toEqual([false, true, false]));
    expect(connections).toHaveLength(2);
    for (const tab of tabs) tab.close();
  });

  it('is connecting from start(), before the lock is granted (no flash of "disconnected")', () => {
    const tab = createSharedMonitorClient(
      { baseUrl: 'http://monitor.test', document: null, window: null },
      { locks: new FakeLocks(), BroadcastChannel: FakeChannel, name: 'flash' },
    );
    tab.start();
    expect(tab.getSnapshot().state).toBe('connecting');
    tab.close();
    expect(tab.getSnapshot().state).toBe('disconnected');
  });

  it('is a plain client without Web Locks or BroadcastChannel', () => {
    const client = createSharedMonitorClient(
      { baseUrl: 'http://monitor.test', document: null, window: null },
      { locks: null, BroadcastChannel: FakeChannel },
    );
    expect(client).toBeInstanceOf(MonitorClientCore);
  });
});

describe('leader tab fallback', () => {
  it('the next leader resumes after the last seq the old one posted (?lastEventId=)', async () => {
    const locks = new FakeLocks();
    const tabs = Array.from({ length: 2 }, () =>
      createSharedMonitorClient(
        {
          baseUrl: 'http://monitor.test',
          WebSocket: FakeSocket,
          document: null,
          window: null,
          protocol: 1,
        },
        { locks, BroadcastChannel: FakeChannel, name: 'resume' },
      ),
    );
    for (const tab of tabs) tab.start();
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    FakeSocket.all[0]!.deliver(41);
    await vi.waitFor(() => expect(tabs[1]!.getSnapshot().seq).toBe(41));
    tabs[0]!.close();
    await vi.waitFor(() => expect((tabs[1] as SharedMonitorClient).isLeader).toBe(true));
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(2));
    expect(new URL(FakeSocket.all[1]!.url).searchParams.get('lastEventId')).toBe('41');
    tabs[1]!.close();
  });
});
