import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../src/db/connection';
import { createStatusEngine } from '../src/status/status-engine';
import { AlertEngine, EVALUATION_FAILING_RULE } from '../src/status/alerts/alert-engine';
import type { Signal } from '../src/status/signals/types';
import { AlertsRepository } from '../src/store/alerts-repository';
import { describeOnDatabases } from './support/databases';

/**
 * One alert record the database refuses must not blank the others (issue #13, item 11): each
 * record is written in its own savepoint, the refused one is retried, and a persistent failure
 * shows in the document and as the alert `monitor_evaluation_failing`.
 */

const T0 = new Date('2026-03-02T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const failing = (source: string): Signal => ({
  kind: 'source_failing',
  subject: `source:${source}`,
  labels: { source },
  severity: 'high',
  observed: 5,
  expected: 0,
  since: new Date(T0.getTime() - 3_600_000),
  description: `${source}: 5 failed fetches in a row`,
});

/** A real write failure for one record: a trigger that refuses every row about `source`. */
async function refuseAlertsAbout(database: Database, source: string): Promise<void> {
  await database.withSession((session) =>
    session.exec(
      `CREATE OR REPLACE FUNCTION refuse_alert() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.labels->>'source' = '${source}' THEN RAISE EXCEPTION 'injected write failure'; END IF;
         RETURN NEW;
       END $$;
       CREATE TRIGGER refuse_alert BEFORE INSERT OR UPDATE ON alerts
         FOR EACH ROW EXECUTE FUNCTION refuse_alert();`,
    ),
  );
}

const stopRefusing = (database: Database) =>
  sql.raw('DROP TRIGGER refuse_alert ON alerts').execute(database.db);

describeOnDatabases('one refused alert record on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
  });
  afterAll(async () => dispose?.());

  it('keeps the other alerts, retries the refused one, and says so from the second failure', async () => {
    await database.db.deleteFrom('alerts').execute();
    await refuseAlertsAbout(database, 'vanguard');
    const engine = new AlertEngine({ repository: new AlertsRepository(database.db) });
    const signals = ['punch', 'vanguard', 'guardian'].map(failing);
    const evaluate = (seconds: number, input = signals) =>
      engine.evaluateAndRecord({ now: at(seconds), signals: input, monitor: null });

    const first = await evaluate(0);
    // Before: the one transaction failed and the evaluation threw: no alert at all.
    expect(first.alerts.map((alert) => alert.labels?.source).sort()).toEqual([
      'guardian',
      'punch',
      'vanguard',
    ]);
    expect(first.failure?.message).toContain('injected write failure');
    expect(first.failure?.consecutive).toBe(1);
    const stored = await database.db
      .selectFrom('alerts')
      .select(sql<string>`labels->>'source'`.as('source'))
      .where('state', '=', 'firing')
      .execute();
    expect(stored.map((row) => row.source).sort()).toEqual(['guardian', 'punch']);

    // Still refused on the next evaluation (retried), then shown as an alert of its own.
    expect((await evaluate(10)).failure?.consecutive).toBe(2);
    const third = await evaluate(20);
    const failingAlert = third.alerts.find((alert) => alert.type === EVALUATION_FAILING_RULE);
    expect(failingAlert?.message).toContain('injected write failure');
    expect(third.alerts).toHaveLength(4);

    // The database takes the record again: it is written, and the failure alert resolves.
    await stopRefusing(database);
    const healed = await evaluate(30);
    expect(healed.failure).toBeNull();
    // The rule reads the previous evaluation's outcome: it clears one evaluation later.
    const after = await evaluate(40);
    expect(after.alerts.map((alert) => alert.type)).not.toContain(EVALUATION_FAILING_RULE);
    const open = await database.db
      .selectFrom('alerts')
      .select(['rule', sql<string>`labels->>'source'`.as('source')])
      .where('state', '<>', 'resolved')
      .execute();
    expect(open.map((row) => row.source).sort()).toEqual(['guardian', 'punch', 'vanguard']);
  });

  it('names REINDEX when the open-fingerprint index refuses a row the table does not duplicate', async () => {
    await database.db.deleteFrom('alerts').execute();
    // What the corrupt index did: a unique violation on alerts_open_fingerprint_idx although no
    // other open alert has the fingerprint (raised here by a trigger, as PostgreSQL raises it).
    await database.withSession((session) =>
      session.exec(
        `CREATE OR REPLACE FUNCTION corrupt_index() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             IF NEW.labels->>'source' = 'vanguard' THEN
               RAISE unique_violation USING CONSTRAINT = 'alerts_open_fingerprint_idx',
                 MESSAGE = 'duplicate key value violates unique constraint "alerts_open_fingerprint_idx"';
             END IF;
             RETURN NEW;
           END $$;
           CREATE TRIGGER corrupt_index BEFORE INSERT OR UPDATE ON alerts
             FOR EACH ROW EXECUTE FUNCTION corrupt_index();`,
      ),
    );
    try {
      const engine = new AlertEngine({ repository: new AlertsRepository(database.db) });
      const signals = ['punch', 'vanguard'].map(failing);
      const first = await engine.evaluateAndRecord({ now: at(0), signals, monitor: null });
      expect(first.failure?.message).toContain('REINDEX INDEX alerts_open_fingerprint_idx');
      expect(first.alerts).toHaveLength(2);
      await engine.evaluateAndRecord({ now: at(10), signals, monitor: null });
      const third = await engine.evaluateAndRecord({ now: at(20), signals, monitor: null });
      const alert = third.alerts.find((a) => a.type === EVALUATION_FAILING_RULE);
      expect(alert?.message).toContain('REINDEX');
    } finally {
      await sql.raw('DROP TRIGGER corrupt_index ON alerts').execute(database.db);
    }
  });

  it('never writes back a refused pending alert whose condition went away meanwhile', async () => {
    await database.db.deleteFrom('alerts').execute();
    await refuseAlertsAbout(database, 'vanguard');
    const engine = new AlertEngine({ repository: new AlertsRepository(database.db) });
    const silent: Signal = {
      ...failing('vanguard'),
      kind: 'source_silent',
      labels: { source: 'vanguard', cause: 'fetch_failing' },
    };
    // source_silent waits 2 min in pending: refused, then cancelled, then the database heals.
    expect(
      (await engine.evaluateAndRecord({ now: at(0), signals: [silent], monitor: null })).failure,
    ).not.toBeNull();
    await engine.evaluateAndRecord({ now: at(10), signals: [], monitor: null });
    await stopRefusing(database);
    const healed = await engine.evaluateAndRecord({ now: at(20), signals: [], monitor: null });
    expect(healed.failure).toBeNull();
    const rows = await database.db
      .selectFrom('alerts')
      .select('state')
      .where(sql<string>`labels->>'source'`, '=', 'vanguard')
      .execute();
    expect(rows).toEqual([]);
  });

  it('shows an evaluator that keeps throwing in system_health and as an alert', async () => {
    let calls = 0;
    const engine = createStatusEngine({
      database,
      nodeId: 'test',
      now: () => at(calls * 10),
      evaluateIntelligence: () => {
        calls++;
        throw new Error('duplicate key value violates unique constraint "x"');
      },
    });
    const once = await engine.compute();
    expect(once.system_health.alert_evaluation?.failing).toBe(true);
    expect(once.system_health.alert_evaluation?.error).toContain('duplicate key value');
    expect(once.alerts.map((alert) => alert.type)).not.toContain(EVALUATION_FAILING_RULE);
    const twice = await engine.compute();
    const alert = twice.alerts.find((a) => a.type === EVALUATION_FAILING_RULE);
    expect(alert?.message).toContain('duplicate key value');
    expect(twice.system_health.alert_evaluation?.since).toBe(
      once.system_health.alert_evaluation?.since,
    );
  });
});
