import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../config/sources';
import { MAX_FEED_BYTES } from './feed-limits';
import { FileFeedReader } from './file-feed-reader';

const source = (id: string): Source => ({
  id,
  name: id,
  kind: 'rss',
  url: `https://${id}.example/feed`,
  priority: 1,
  enabled: true,
  expected_interval_seconds: 900,
});

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe('FileFeedReader', () => {
  it('reads <dir>/<id>.xml, and refuses a file over the feed size cap', async () => {
    dir = await mkdtemp(join(tmpdir(), 'feeds-'));
    await writeFile(join(dir, 'small.xml'), '<rss/>');
    await writeFile(join(dir, 'huge.xml'), '');
    await truncate(join(dir, 'huge.xml'), MAX_FEED_BYTES + 1); // sparse: no disk used
    const reader = new FileFeedReader(dir);
    expect(await reader.read(source('small'))).toMatchObject({ kind: 'body', body: '<rss/>' });
    await expect(reader.read(source('huge'))).rejects.toMatchObject({ code: 'FETCH_TOO_LARGE' });
    await expect(reader.read(source('absent'))).rejects.toMatchObject({
      code: 'FEED_FILE_MISSING',
    });
  });
});
