import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Source } from '../config/sources';
import { FetchError } from '../errors';
import type { FeedFetch, FeedReader } from './feed-reader';

/**
 * Reads `<dir>/<source id>.xml` instead of the source's URL (`--feeds-dir`): tests and the demo
 * never touch the network.
 */
export class FileFeedReader implements FeedReader {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async read(source: Source): Promise<FeedFetch> {
    const path = join(this.#dir, `${source.id}.xml`);
    try {
      return { kind: 'body', body: await readFile(path, 'utf8'), location: path };
    } catch (error) {
      throw new FetchError('FEED_FILE_MISSING', `no feed file ${path}`, { cause: error });
    }
  }
}
