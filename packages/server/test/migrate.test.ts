import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate';
import type { Database } from '../src/db/connection';
import { databaseTargets } from './support/databases';

describe.each(databaseTargets)('migrations on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    if (target.skipReason) return;
    ({ database, dispose } = await target.open());
  });
  afterAll(async () => dispose?.());

  it.skipIf(target.skipReason)('creates every table and is a no-op the second time', async () => {
    const tables = await database.withSession((s) =>
      s.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      ),
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'sources',
        'pipeline_runs',
        'source_runs',
        'articles',
        'conflict_events',
        'data_quality_metrics',
        'alerts',
        'schema_migrations',
      ]),
    );
    expect(await migrate(database)).toEqual([]);
  });

  it.skipIf(target.skipReason)('is safe from two callers at once', async () => {
    const results = await Promise.all([migrate(database), migrate(database)]);
    expect(results).toEqual([[], []]);
  });

  it.skipIf(target.skipReason)('notifies once per statement on pipeline tables', async () => {
    const payloads: string[] = [];
    const unlisten = await database.listen('pipeline_change', (p) => payloads.push(p));
    await database.db
      .insertInto('sources')
      .values([
        { id: 'punch', name: 'Punch', url: 'https://punchng.com/feed/' },
        { id: 'vanguard', name: 'Vanguard', url: 'https://www.vanguardngr.com/feed/' },
      ])
      .execute();
    await expect.poll(() => payloads, { timeout: 5000 }).toEqual(['sources']);
    await unlisten();
  });
});
