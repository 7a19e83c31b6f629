import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSharedMonitorClient } from './shared-client';
import {
  serveSharedConnection,
  SharedWorkerMonitorClient,
  type MessagePortLike,
  type SharedWorkerScopeLike,
} from './shared-worker';
import type { MonitorClient } from './client';
import { FakeSocket } from '../test/fake-socket';

/** A SharedWorker in this process: each tab's worker is a MessageChannel to one scope. */
function fakeSharedWorker() {
  const connects: ((event: { ports: readonly MessagePortLike[] }) => void)[] = [];
  const scope: SharedWorkerScopeLike = {
    addEventListener: (_type, listener) => connects.push(listener),
  };
  // Functions do not cross a port: the worker is given its own WebSocket double.
  serveSharedConnection(scope, { WebSocket: FakeSocket });
  const ports: MessagePort[] = [];
  const create = () => {
    const channel = new MessageChannel();
    ports.push(channel.port1, channel.port2);
    for (const connect of connects) connect({ ports: [channel.port2] });
    return { port: channel.port1 };
  };
  return { create, close: () => ports.forEach((port) => port.close()) };
}

const options = {
  baseUrl: 'http://monitor.test',
  WebSocket: FakeSocket,
  document: null,
  window: null,
  protocol: 1 as const,
};

afterEach(() => {
  FakeSocket.all = [];
});

describe('SharedWorker connection', () => {
  it('five tabs, one connection; closing tabs keeps it, every tab sees every seq', async () => {
    const worker = fakeSharedWorker();
    const global = globalThis as { SharedWorker?: unknown };
    const had = global.SharedWorker;
    global.SharedWorker = function SharedWorker() {};
    const tabs: MonitorClient[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const tab = createSharedMonitorClient(options, { worker: worker.create });
        expect(tab).toBeInstanceOf(SharedWorkerMonitorClient);
        tab.start();
        tabs.push(tab);
      }
      await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
      const seen = tabs.map(() => [] as number[]);
      tabs.forEach((tab, i) => tab.on('status', (_status, info) => seen[i]!.push(info.seq!)));
      const socket = FakeSocket.all[0]!;
      socket.deliver(10);
      await vi.waitFor(() =>
        expect(tabs.map((t) => t.getSnapshot().seq)).toEqual([10, 10, 10, 10, 10]),
      );
      for (const tab of tabs.slice(0, 3)) tab.close();
      socket.deliver(11);
      socket.deliver(12);
      await vi.waitFor(() => expect(tabs[4]!.getSnapshot().seq).toBe(12));
      expect(seen[3]).toEqual([10, 11, 12]);
      expect(seen[4]).toEqual([10, 11, 12]);
      expect(FakeSocket.all).toHaveLength(1);
      expect(socket.closed).toBe(false);
      // The last tab gone: the worker closes the connection.
      for (const tab of tabs.slice(3)) tab.close();
      await vi.waitFor(() => expect(socket.closed).toBe(true));
    } finally {
      global.SharedWorker = had;
      worker.close();
    }
  });

  it('hands the worker an absolute baseUrl and plain values only', async () => {
    const worker = fakeSharedWorker();
    const tab = new SharedWorkerMonitorClient(options, worker.create);
    tab.start();
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    expect(FakeSocket.all[0]!.url).toBe('ws://monitor.test/ws/monitoring/pipeline-status');
    tab.close();
    worker.close();
  });
});
