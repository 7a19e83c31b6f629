import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { isRoutineRoute, quietRoutineRequestLogs } from './request-log-levels';

/** A Fastify app logging to memory at `level`, with a routine and a non-routine route. */
async function appLoggingAt(level: 'info' | 'debug') {
  const lines: { msg?: string; req?: { url?: string }; level: number }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as (typeof lines)[number]);
      done();
    },
  });
  const app = Fastify({ logger: { level, stream } });
  quietRoutineRequestLogs(app, { logLevel: level });
  app.get('/api/health/live', async () => ({ ok: true }));
  app.get('/metrics', async () => 'x 1\n');
  app.post('/api/v1/ingest/runs', async () => ({ ok: true }));
  await app.ready();
  return { app, lines };
}

describe('request logs of routine routes', () => {
  it('at info: health and metrics requests write no line; other requests still do', async () => {
    const { app, lines } = await appLoggingAt('info');
    await app.inject({ url: '/api/health/live' });
    await app.inject({ url: '/metrics' });
    expect(lines.filter((line) => line.msg === 'incoming request')).toEqual([]);
    await app.inject({ method: 'POST', url: '/api/v1/ingest/runs', payload: {} });
    expect(lines.filter((line) => line.msg === 'incoming request')).toHaveLength(1);
    await app.close();
  });

  it('at debug: every request is logged', async () => {
    const { app, lines } = await appLoggingAt('debug');
    await app.inject({ url: '/api/health/live' });
    expect(lines.filter((line) => line.msg === 'incoming request')).toHaveLength(1);
    await app.close();
  });

  it('names health, metrics, status polls and the dashboard files as routine', () => {
    for (const url of [
      '/api/health',
      '/api/health/live',
      '/metrics',
      '/api/v1/monitoring/pipeline-status',
      '/',
      '/*',
      '/config.js',
    ]) {
      expect(isRoutineRoute(url), url).toBe(true);
    }
    for (const url of ['/api/v1/ingest/runs', '/api/v1/alerts/:id/ack', '/docs']) {
      expect(isRoutineRoute(url), url).toBe(false);
    }
  });
});
