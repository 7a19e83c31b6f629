import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CLOSE_CODES, PATHS } from '@naija-monitor/protocol';
import { freePort } from './support/free-port';
import { startLiveServer } from './support/live-server';
import { TestSseClient, TestWsClient, attemptHandshake } from './support/live-clients';
import { killGroup, OWN_PROCESS_GROUP, TSX_SOURCE_ARGS } from '../../../testing/process-group';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('graceful shutdown', () => {
  it(
    'in process: refuses new connections with 503 while it closes every client with 1012 and ends SSE streams',
    { timeout: 60_000 },
    async () => {
      const server = await startLiveServer({ live: { shutdownGraceMs: 1500 } });
      const clients = await Promise.all([
        TestWsClient.open(server.wsUrl(PATHS.websocket[0])),
        TestWsClient.open(server.wsUrl(PATHS.websocket[1])),
      ]);
      // One peer that reads nothing keeps the shutdown waiting (up to the grace period).
      const deaf = await TestWsClient.open(server.wsUrl());
      const sse = await TestSseClient.open(server.httpUrl(PATHS.sse));
      await Promise.all([...clients, deaf].map((c) => c.waitForUpdates(1)));
      (deaf.ws as unknown as { _socket: Socket })._socket.pause();

      const closing = server.close();
      const codes = await Promise.all(clients.map((c) => c.closed.then((closed) => closed.code)));
      expect(codes).toEqual([CLOSE_CODES.SERVICE_RESTART, CLOSE_CODES.SERVICE_RESTART]);
      const refused = await attemptHandshake(server.wsUrl());
      expect(refused?.statusCode).toBe(503);
      expect(JSON.parse(refused!.body).error).toBe('SHUTTING_DOWN');
      await sse.ended;
      expect(sse.retryMs).toBeGreaterThanOrEqual(1000);
      await closing;
      expect(server.live.hub.registry.size).toBe(0);
      deaf.ws.terminate();
    },
  );

  describe('the process (main.ts)', () => {
    let child: ChildProcess | undefined;
    afterAll(() => {
      if (child && child.exitCode === null) killGroup(child, 'SIGKILL');
    });

    it(
      'SIGTERM: every client receives 1012 and the process exits 0',
      { timeout: 120_000 },
      async () => {
        const port = await freePort();
        let output = '';
        child = spawn(process.execPath, [...TSX_SOURCE_ARGS, 'packages/server/src/main.ts'], {
          ...OWN_PROCESS_GROUP,
          cwd: repoRoot,
          env: {
            ...process.env,
            PORT: String(port),
            HOST: '127.0.0.1',
            DATA_DIR: 'memory',
            DATABASE_URL: '',
            REDIS_URL: '',
            LOG_LEVEL: 'info',
            BROADCAST_INTERVAL: '0.2',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const exited = new Promise<number | null>((resolve) =>
          child!.once('exit', (code) => resolve(code)),
        );

        // Opening PGlite can take a while on a loaded machine; a server that exits stops the wait.
        const state = async () =>
          child!.exitCode !== null
            ? 'exited'
            : (await fetch(`http://127.0.0.1:${port}/api/health`).then(
                  (r) => r.ok,
                  () => false,
                ))
              ? 'up'
              : 'starting';
        await expect
          .poll(state, { timeout: 90_000, interval: 250 })
          .not.toBe('starting')
          .catch(() => undefined);
        expect(await state(), `server did not start:\n${output}`).toBe('up');
        const clients = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            TestWsClient.open(`ws://127.0.0.1:${port}${PATHS.websocket[i % 2]}`),
          ),
        );
        const sse = await TestSseClient.open(`http://127.0.0.1:${port}${PATHS.sse}`);
        await Promise.all(clients.map((c) => c.waitForUpdates(1, 10_000)));
        await sse.waitFor(() => sse.updates().length > 0, 10_000);

        const signalledAt = performance.now();
        child.kill('SIGTERM');
        const closes = await Promise.all(clients.map((c) => c.closed));
        expect(closes.map((c) => c.code)).toEqual(Array(6).fill(CLOSE_CODES.SERVICE_RESTART));
        await sse.ended;
        expect(await exited).toBe(0);
        expect(performance.now() - signalledAt).toBeLessThan(10_000);
        expect(output).toContain('closing live clients for shutdown');
      },
    );
  });
});
