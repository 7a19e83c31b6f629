import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { testConfig } from '../src/config';
import type { Database } from '../src/db/connection';
import { openDatabase } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { pipelineBatch, PUNCH_SOURCE } from './support/ingest-fixtures';

const TOKEN = 'ingest-clock-test-token';

/** Review L1: a source run "started" in 2099 would keep its source from ever going silent. */
describe('ingest refuses timestamps in the future', () => {
  let database: Database;
  let app: FastifyInstance;
  const post = (url: string, payload: object) =>
    app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${TOKEN}` } });

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory' });
    await migrate(database);
    app = await buildApp({
      config: testConfig({ ingestTokens: [TOKEN], ingestMaxFutureMs: 300_000 }),
      database,
    });
    expect((await post('/api/v1/ingest/sources', { sources: [PUNCH_SOURCE] })).statusCode).toBe(
      201,
    );
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('answers 400 naming the field, and writes nothing of the batch', async () => {
    const batch = pipelineBatch();
    batch.source_runs[0]!.started_at = '2099-01-01T00:00:00Z';
    const res = await post('/api/v1/ingest/batch', batch);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'INVALID_INPUT',
      field: 'body.source_runs.0.started_at',
    });
    const runs = await database.db.selectFrom('pipeline_runs').select('id').execute();
    expect(runs).toEqual([]);
  });

  it('accepts a clock a little ahead, within the allowed skew', async () => {
    const batch = pipelineBatch();
    const ahead = new Date(Date.now() + 60_000).toISOString();
    batch.run.started_at = ahead;
    batch.run.finished_at = ahead;
    const res = await post('/api/v1/ingest/batch', batch);
    expect(res.statusCode).toBe(201);
  });
});
