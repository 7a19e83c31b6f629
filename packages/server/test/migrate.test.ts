import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate';
import type { Database } from '../src/db/connection';
import { describeOnDatabases } from './support/databases';

describeOnDatabases('migrations on $name', (target) => {
  let database: Database;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ database, dispose } = await target.open());
  });
  afterAll(async () => dispose?.());

  it('creates every table and is a no-op the second time', async () => {
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

  it('is safe from two callers at once', async () => {
    const results = await Promise.all([migrate(database), migrate(database)]);
    expect(results).toEqual([[], []]);
  });

  it('notifies once per statement on pipeline tables', async () => {
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
