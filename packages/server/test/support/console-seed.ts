import type { Database } from '../../src/db/connection';
import { AlertsRepository } from '../../src/store/alerts-repository';

/**
 * The console routes' fixture (issue #16): two sources, four pipeline runs (three in the last
 * 3 hours, one 3 days ago), articles, events in five states, a quality row, two alerts (one
 * acknowledged), a silence. Times are relative to {@link NOW}.
 */

export const NOW = new Date('2026-05-10T12:30:00Z');
export const ago = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();
export const RUN = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
export const ALERT = '00000000-0000-4000-8000-0000000000a1';

/** The rows every assertion below counts. */
export async function seedConsole(database: Database): Promise<void> {
  await database.withSession((s) =>
    s.exec(`
      INSERT INTO sources (id, name, url, enabled, expected_interval_seconds) VALUES
        ('punch', 'Punch', 'https://punch.example/rss', true, 3600),
        ('dt', 'Daily Trust', 'https://dt.example/rss', false, 1800);
      INSERT INTO pipeline_runs (id, started_at, finished_at, state) VALUES
        ('${RUN(1)}', '${ago(3)}', '${ago(2.9)}', 'succeeded'),
        ('${RUN(2)}', '${ago(2)}', '${ago(1.9)}', 'failed'),
        ('${RUN(3)}', '${ago(1)}', '${ago(0.9)}', 'succeeded'),
        ('${RUN(4)}', '${ago(72)}', '${ago(71.9)}', 'succeeded');
      INSERT INTO source_runs (id, run_id, source_id, state, started_at, finished_at, duration_ms, articles_found, articles_new, error) VALUES
        ('${RUN(5)}', '${RUN(1)}', 'punch', 'succeeded', '${ago(3)}', '${ago(2.95)}', 1200, 8, 5, NULL),
        ('${RUN(6)}', '${RUN(2)}', 'punch', 'failed', '${ago(2)}', '${ago(1.95)}', 300, 0, 0, 'HTTP 503 from feed'),
        ('${RUN(7)}', '${RUN(3)}', 'punch', 'empty', '${ago(1)}', NULL, NULL, 3, 0, NULL),
        ('${RUN(8)}', '${RUN(4)}', 'punch', 'succeeded', '${ago(72)}', '${ago(71.95)}', 900, 4, 2, NULL);
      INSERT INTO articles (id, source_id, source_run_id, url, title, fetched_at, content_hash) VALUES
        ('${RUN(9)}', 'punch', '${RUN(5)}', 'https://punch.example/a1', 'Gunmen attack village', '${ago(2.97)}', 'h1'),
        ('00000000-0000-4000-8000-000000000010', 'punch', '${RUN(5)}', 'https://punch.example/a2', 'Clash in Kaduna', '${ago(2.96)}', 'h2'),
        ('00000000-0000-4000-8000-000000000011', 'punch', '${RUN(8)}', 'https://punch.example/a3', 'Older story', '${ago(48)}', 'h3');
      INSERT INTO conflict_events (article_id, source_id, run_id, event_date, event_type, state, lga, fatalities, geocoded, geo_precision, validation_status, created_at) VALUES
        ('${RUN(9)}', 'punch', '${RUN(1)}', '2026-05-09', 'attack', 'Kaduna', 'Zaria', 2, true, 'lga', 'passed', '${ago(2.9)}'),
        ('00000000-0000-4000-8000-000000000010', 'punch', '${RUN(1)}', '2026-05-10', 'clash', 'Kaduna', 'Kafanchan', 3, true, 'lga', 'passed', '${ago(2.8)}'),
        (NULL, 'punch', '${RUN(1)}', '2026-05-08', 'kidnapping', 'kaduna', 'Zaria', NULL, true, 'lga', 'rejected', '${ago(2.7)}'),
        (NULL, 'dt', NULL, '2026-05-10', 'protest', 'Kaduna', NULL, 0, true, 'state', 'passed', '${ago(1.5)}'),
        (NULL, 'punch', '${RUN(3)}', '2026-05-10', 'bombing', 'Lagos', NULL, 1, false, 'none', 'pending', '${ago(0.5)}'),
        (NULL, 'dt', NULL, '2026-05-10', 'clash', 'FCT', 'Bwari', 4, true, 'lga', 'passed', '${ago(0.2)}'),
        (NULL, 'dt', NULL, '2026-05-10', 'clash', 'Atlantis', NULL, 9, false, 'none', 'passed', '${ago(0.2)}'),
        (NULL, 'punch', '${RUN(4)}', '2026-05-07', 'attack', 'Kaduna', 'Zaria', 7, true, 'lga', 'passed', '${ago(72)}');
      INSERT INTO data_quality_metrics ("timestamp", geocoding_attempts, geocoding_successes, geocoding_success_rate,
                                        validation_attempts, validation_passes, validation_pass_rate, metric_type, status) VALUES
        ('${ago(2)}', 100, 80, 80, 50, 40, 80, 'aggregate', 'healthy');
      INSERT INTO alerts (id, fingerprint, rule, severity, state, title, message, labels, started_at, updated_at)
        VALUES ('${ALERT}', 'fp-punch', 'source_silent', 'high', 'pending', 'Punch silent', 'No new articles',
                '{"source":"punch"}', '${ago(2)}', '${ago(2)}');
      UPDATE alerts SET state = 'firing', fired_at = '${ago(1.5)}', updated_at = '${ago(1.5)}' WHERE id = '${ALERT}';
      UPDATE alerts SET title = 'Punch silent (still)', updated_at = '${ago(1.2)}' WHERE id = '${ALERT}';
      INSERT INTO alerts (fingerprint, rule, severity, state, title, message, labels, started_at, updated_at)
        VALUES ('fp-dt', 'source_silent', 'high', 'firing', 'DT silent', 'x', '{"source":"dt"}', '${ago(5)}', '${ago(5)}');
    `),
  );
  const repository = new AlertsRepository(database.db);
  await repository.acknowledge(ALERT, {
    by: 'amina',
    comment: 'looking',
    at: new Date(ago(1)),
    expiresAt: null,
  });
  await repository.createSilence({
    matchers: { source: 'punch' },
    createdBy: 'ops',
    comment: 'feed migration',
    startsAt: new Date(ago(0.5)),
    endsAt: new Date(NOW.getTime() + 3_600_000),
  });
}
