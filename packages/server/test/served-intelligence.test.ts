import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { StatusDocument } from '@naija-monitor/protocol';
import { buildApp } from '../src/app';
import { testConfig } from '../src/config';
import type { Database } from '../src/db/connection';
import { describeOnDatabases } from './support/databases';
import { seedPipelineHistory } from './support/seed-intelligence';
import { AlertEngine } from '../src/status/alerts/alert-engine';
import type { Signal } from '../src/status/signals/types';
import { AlertsRepository } from '../src/store/alerts-repository';

// The document the server serves carries anomalies computed from the seeded rows: a Borno
// spike and a source that keeps failing, nothing invented.
describeOnDatabases('served status on a seeded $name database', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    await seedPipelineHistory(database, { now: new Date(), bornoExtra: 60 });
    app = await buildApp({ config: testConfig(), database });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('shows the anomalies found in the data', async () => {
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

// One overall-status rule (status/overall-status.ts): a critical alert keeps the pipeline
// unhealthy while it recovers (keep-firing-for), in the document the server actually serves.
describeOnDatabases('served status with a recovering critical alert on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    const now = Date.now();
    await seedPipelineHistory(database, { now: new Date(now), bornoExtra: 0 });
    // pipeline_stalled is critical with a 5-minute keep-firing-for: fired 10 minutes ago,
    // cleared 1 minute ago, so it is recovering when the app evaluates.
    const stalled: Signal = {
      kind: 'pipeline_stalled',
      subject: 'pipeline',
      labels: {},
      severity: 'high',
      observed: 9000,
      expected: 3600,
      since: new Date(now - 60 * 60_000),
      description: 'No pipeline run for 150 min',
    };
    const engine = new AlertEngine({ repository: new AlertsRepository(database.db) });
    await engine.evaluateAndRecord({
      now: new Date(now - 10 * 60_000),
      signals: [stalled],
      monitor: null,
    });
    await engine.evaluateAndRecord({ now: new Date(now - 60_000), signals: [], monitor: null });
    app = await buildApp({ config: testConfig(), database });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('is unhealthy while the alert recovers', async () => {
    const response = await app.inject('/api/v1/monitoring/pipeline-status');
    expect(response.statusCode).toBe(200);
    const document = response.json<StatusDocument>();
    expect(document.alerts).toContainEqual(
      expect.objectContaining({
        type: 'pipeline_stalled',
        severity: 'critical',
        state: 'recovering',
      }),
    );
    expect(document.overall_status).toBe('unhealthy');
    expect(document.status).toBe('unhealthy');
  });
});
