import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Source } from '../config/sources';
import { FetchError } from '../errors';
import { MAX_FEED_BYTES } from './feed-limits';
import type { FeedFetch, FeedReader } from './feed-reader';

/**
 * Reads `<dir>/<source id>.xml` instead of the source's URL (`--feeds-dir`): tests and the demo
 * never touch the network. A file larger than the HTTP reader's cap is refused the same way.
 */
export class FileFeedReader implements FeedReader {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async read(source: Source): Promise<FeedFetch> {
    const path = join(this.#dir, `${source.id}.xml`);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      throw new FetchError('FEED_FILE_MISSING', `no feed file ${path}`, { cause: error });
    }
    if (size > MAX_FEED_BYTES) {
      throw new FetchError(
        'FETCH_TOO_LARGE',
        `${path} has ${size} bytes, more than the ${MAX_FEED_BYTES}-byte cap on a feed`,
      );
    }
    try {
      return { kind: 'body', body: await readFile(path, 'utf8'), location: path };
    } catch (error) {
      throw new FetchError('FEED_FILE_MISSING', `cannot read feed file ${path}`, { cause: error });
    }
  }
}
