import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { StatusDocument } from '@naija-monitor/protocol';
import { buildApp } from '../src/app';
import { testConfig } from '../src/config';
import type { Database } from '../src/db/connection';
import { databaseTargets } from './support/databases';
import { seedPipelineHistory } from './support/seed-intelligence';

// The document the server serves carries anomalies computed from the seeded rows: a Borno
// spike and a source that keeps failing, nothing invented.
describe.each(databaseTargets)('served status on a seeded $name database', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;

  beforeAll(async () => {
    if (target.skipReason) return;
    ({ database, dispose } = await target.open());
    await seedPipelineHistory(database, { now: new Date(), bornoExtra: 60 });
    app = await buildApp({ config: testConfig(), database });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it.skipIf(target.skipReason)('shows the anomalies found in the data', async () => {
    const response = await app.inject('/api/v1/monitoring/pipeline-status');
    expect(response.statusCode).toBe(200);
    const document = response.json<StatusDocument>();
    const found = document.anomalies.map((a) => `${a.type}:${a.subject}`);
    expect(found).toContain('event_spike:state:Borno');
    expect(found).toContain('source_silent:source:src-03');
    const spike = document.anomalies.find((a) => a.type === 'event_spike')!;
    expect(spike.observed).toBeGreaterThan(spike.expected!);
    expect(document.scraping_health.failed_sources).toBeGreaterThanOrEqual(1);
    expect(document.overall_status).not.toBe('unknown');
  });
});
