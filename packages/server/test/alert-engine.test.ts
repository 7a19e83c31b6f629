import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Database } from '../src/db/connection';
import { AlertEngine, type AlertNotifier } from '../src/status/alerts/alert-engine';
import type { AlertNotification, MonitorSample } from '../src/status/alerts/types';
import type { Signal } from '../src/status/signals/types';
import { AlertsRepository } from '../src/store/alerts-repository';
import { describeOnDatabases } from './support/databases';

const T0 = new Date('2026-03-02T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const sourceSilent = (source: string): Signal => ({
  kind: 'source_silent',
  subject: `source:${source}`,
  labels: { source, cause: 'fetch_failing' },
  severity: 'high',
  observed: 30_000,
  expected: 3600,
  since: new Date(T0.getTime() - 30_000_000),
  description: `${source}: no new articles for 8.3 h; fetches are failing: HTTP 503`,
});

const stalled: Signal = {
  kind: 'pipeline_stalled',
  subject: 'pipeline',
  labels: {},
  severity: 'high',
  observed: 9000,
  expected: 3600,
  since: new Date(T0.getTime() - 9_000_000),
  description: 'No pipeline run for 150 min; runs usually start every 60 min',
};

/** Collects what the engine would send to webhooks. */
class RecordingNotifier implements AlertNotifier {
  readonly batches: AlertNotification[][] = [];
  notify(batch: readonly AlertNotification[]): void {
    this.batches.push([...batch]);
  }
  get sent(): string[] {
    return this.batches
      .flat()
      .map((n) => `${n.kind}:${n.record.rule}:${n.record.labels.source ?? ''}`);
  }
}

describeOnDatabases('alert engine on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;
  let repository: AlertsRepository;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
    repository = new AlertsRepository(database.db);
  });
  afterAll(async () => dispose?.());
  beforeEach(async () => {
    await database.db.deleteFrom('alerts').execute();
    await database.db.deleteFrom('alert_silences').execute();
  });

  /** The alert's history for `source`, in time order (state changes and operator actions). */
  const transitionsOf = async (source: string) => {
    const { rows } = await sql<{ to_state: string; actor: string | null; at: Date | string }>`
      SELECT t.to_state, t.actor, t.at FROM alert_transitions t
      JOIN alerts a ON a.id = t.alert_id
      WHERE a.labels->>'source' = ${source}
      ORDER BY t.at, t.id`.execute(database.db);
    return rows.map((row) => ({
      to: row.to_state,
      actor: row.actor,
      at: new Date(row.at).toISOString(),
    }));
  };
  const engine = (notifier: AlertNotifier, repeatIntervalMs = 0) =>
    new AlertEngine({ repository, notifier, repeatIntervalMs });
  const evaluate = (
    e: AlertEngine,
    seconds: number,
    signals: Signal[],
    monitor: MonitorSample | null = null,
  ) => e.evaluateAndRecord({ now: at(seconds), signals, monitor });

  it('waits out pending, fires once, writes history, and resolves after keep-firing-for', async () => {
    const notifier = new RecordingNotifier();
    const e = engine(notifier);
    // source_silent: pending 2 min, keep firing 10 min.
    expect((await evaluate(e, 0, [sourceSilent('punch')])).alerts).toEqual([]);
    expect((await evaluate(e, 115, [sourceSilent('punch')])).alerts).toEqual([]);
    expect(notifier.sent).toEqual([]);
    const fired = await evaluate(e, 120, [sourceSilent('punch')]);
    expect(fired.alerts).toMatchObject([
      {
        type: 'source_silent',
        severity: 'high',
        state: 'firing',
        labels: { source: 'punch' },
        observed: 30_000,
        expected: 3600,
      },
    ]);
    expect(fired.alerts[0]!.timestamp).toBe(at(120).toISOString());
    expect(fired.alerts[0]!.since).toBe(sourceSilent('punch').since!.toISOString());
    expect(notifier.sent).toEqual(['firing:source_silent:punch']);
    await evaluate(e, 125, []);
    expect((await evaluate(e, 300, [])).alerts).toMatchObject([{ state: 'recovering' }]);
    await evaluate(e, 125 + 600, []);
    expect(notifier.sent).toEqual(['firing:source_silent:punch', 'resolved:source_silent:punch']);
    const history = await repository.list();
    expect(history).toMatchObject([
      { rule: 'source_silent', state: 'resolved', notifiedState: 'resolved' },
    ]);
    expect(history[0]!.firedAt).toEqual(at(120));
    expect(history[0]!.resolvedAt).toEqual(at(725));
  });

  it('deduplicates by fingerprint and removes a pending alert that never fired', async () => {
    const e = engine(new RecordingNotifier());
    await evaluate(e, 0, [sourceSilent('punch'), sourceSilent('punch')]);
    expect(await repository.loadOpen()).toHaveLength(1);
    await evaluate(e, 30, []);
    expect(await repository.list()).toEqual([]);
  });

  it('keeps state across a restart: no repeated firing, one resolved', async () => {
    const notifier = new RecordingNotifier();
    const first = engine(notifier);
    await evaluate(first, 0, [stalled]);
    expect(notifier.sent).toEqual(['firing:pipeline_stalled:']);
    const id = (await repository.loadOpen())[0]!.id;

    // A new process on the same database.
    const second = engine(notifier);
    const again = await evaluate(second, 60, [stalled]);
    expect(again.alerts).toMatchObject([{ id, state: 'firing', timestamp: at(0).toISOString() }]);
    expect(notifier.sent).toEqual(['firing:pipeline_stalled:']);
    await evaluate(second, 120, []);
    const third = engine(notifier);
    expect((await evaluate(third, 180, [])).alerts).toMatchObject([{ id, state: 'recovering' }]);
    await evaluate(third, 120 + 300, []);
    expect(notifier.sent).toEqual(['firing:pipeline_stalled:', 'resolved:pipeline_stalled:']);
    expect(await repository.loadOpen()).toEqual([]);
  });

  it('mutes per-source alerts while the pipeline is down, and tells them when it is back', async () => {
    const notifier = new RecordingNotifier();
    const e = engine(notifier);
    const both = [stalled, sourceSilent('punch'), sourceSilent('vanguard')];
    for (let seconds = 0; seconds <= 180; seconds += 30) await evaluate(e, seconds, both);
    const down = await evaluate(e, 210, both);
    expect(down.alerts.map((alert) => alert.type)).toEqual(['pipeline_stalled']);
    expect(down.open.filter((r) => r.state === 'firing')).toHaveLength(3);
    expect(notifier.sent).toEqual(['firing:pipeline_stalled:']);
    // The pipeline runs again; the sources are still broken, so now they are news.
    const sources = [sourceSilent('punch'), sourceSilent('vanguard')];
    await evaluate(e, 240, sources);
    const back = await evaluate(e, 240 + 300, sources);
    expect(back.alerts.map((alert) => alert.type).sort()).toEqual([
      'source_silent',
      'source_silent',
    ]);
    expect(notifier.sent.slice(1).sort()).toEqual([
      'firing:source_silent:punch',
      'firing:source_silent:vanguard',
      'resolved:pipeline_stalled:',
    ]);
  });

  it('a silence mutes notifications until it expires; the alert stays listed as silenced', async () => {
    const notifier = new RecordingNotifier();
    const e = engine(notifier);
    await repository.createSilence({
      matchers: { rule: 'source_silent', source: 'punch' },
      createdBy: 'ada',
      comment: 'punch is migrating its feed',
      startsAt: at(0),
      endsAt: at(600),
    });
    for (let seconds = 0; seconds <= 300; seconds += 60)
      await evaluate(e, seconds, [sourceSilent('punch'), sourceSilent('vanguard')]);
    const during = await evaluate(e, 360, [sourceSilent('punch'), sourceSilent('vanguard')]);
    expect(notifier.sent).toEqual(['firing:source_silent:vanguard']);
    expect(during.alerts.find((a) => a.labels?.source === 'punch')).toMatchObject({
      silenced: true,
      state: 'firing',
    });
    await evaluate(e, 600, [sourceSilent('punch'), sourceSilent('vanguard')]);
    expect(notifier.sent).toEqual(['firing:source_silent:vanguard', 'firing:source_silent:punch']);
    // The silence ran out: the alert's history says so once, at the silence's end, by no one.
    await evaluate(e, 660, [sourceSilent('punch'), sourceSilent('vanguard')]);
    expect(await transitionsOf('punch')).toEqual([
      { to: 'pending', actor: null, at: at(0).toISOString() },
      { to: 'silenced', actor: 'ada', at: at(0).toISOString() },
      { to: 'firing', actor: null, at: at(120).toISOString() },
      { to: 'unsilenced', actor: null, at: at(600).toISOString() },
    ]);
    expect((await transitionsOf('vanguard')).map((t) => t.to)).toEqual(['pending', 'firing']);
  });

  it('writes a silence running out only where no other silence still covers the alert', async () => {
    const e = engine(new RecordingNotifier());
    const silence = (source: string, endsAfter: number, createdBy: string) =>
      repository.createSilence({
        matchers: { source },
        createdBy,
        comment: 'maintenance',
        startsAt: at(0),
        endsAt: at(endsAfter),
      });
    await silence('punch', 120, 'ada');
    await silence('punch', 600, 'bola');
    await silence('vanguard', 120, 'ada');
    await evaluate(e, 0, [sourceSilent('punch'), sourceSilent('vanguard')]);
    await evaluate(e, 180, [sourceSilent('punch'), sourceSilent('vanguard')]);
    // Punch is still under bola's silence at 120: nothing written for ada's.
    expect((await transitionsOf('punch')).map((t) => t.to)).not.toContain('unsilenced');
    expect((await transitionsOf('vanguard')).filter((t) => t.to === 'unsilenced')).toEqual([
      { to: 'unsilenced', actor: null, at: at(120).toISOString() },
    ]);
    await evaluate(e, 700, [sourceSilent('punch'), sourceSilent('vanguard')]);
    await evaluate(e, 760, [sourceSilent('punch'), sourceSilent('vanguard')]);
    const unsilenced = (await transitionsOf('punch')).filter((t) => t.to === 'unsilenced');
    expect(unsilenced).toEqual([{ to: 'unsilenced', actor: null, at: at(600).toISOString() }]);
  });

  it('an acknowledgement shows in the document and stops reminders until it expires', async () => {
    const notifier = new RecordingNotifier();
    const e = engine(notifier, 600_000);
    await evaluate(e, 0, [stalled]);
    const [open] = await repository.loadOpen();
    await repository.acknowledge(open!.id, {
      by: 'ada',
      comment: 'on it',
      at: at(10),
      expiresAt: at(1800),
    });
    const acked = await evaluate(e, 20, [stalled]);
    expect(acked.alerts).toMatchObject([{ acknowledged: true, acknowledged_by: 'ada' }]);
    await evaluate(e, 700, [stalled]);
    expect(notifier.sent).toEqual(['firing:pipeline_stalled:']);
    // The acknowledgement expired: reminders resume.
    const expired = await evaluate(e, 1900, [stalled]);
    expect(expired.alerts).toMatchObject([{ acknowledged: false }]);
    expect(notifier.sent).toEqual(['firing:pipeline_stalled:', 'reminder:pipeline_stalled:']);
  });

  it('fires monitor threshold rules with hysteresis (memory > 500 MB)', async () => {
    const notifier = new RecordingNotifier();
    const e = engine(notifier);
    const mb = (value: number): MonitorSample => ({ memoryRssBytes: value * 1024 * 1024 });
    for (let seconds = 0; seconds <= 60; seconds += 5) await evaluate(e, seconds, [], mb(600));
    expect(notifier.sent).toEqual(['firing:memory_high:']);
    // Between 450 and 500 MB it keeps firing; only at 450 or below does it recover.
    for (let seconds = 65; seconds <= 400; seconds += 5)
      await evaluate(e, seconds, [], mb(seconds % 10 === 0 ? 480 : 520));
    expect((await evaluate(e, 405, [], mb(490))).alerts).toMatchObject([
      { type: 'memory_high', state: 'firing' },
    ]);
    await evaluate(e, 410, [], mb(300));
    await evaluate(e, 410 + 120, [], mb(300));
    expect(notifier.sent).toEqual(['firing:memory_high:', 'resolved:memory_high:']);
  });
});
