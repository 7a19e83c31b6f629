/** Why an article is not new. */
export type DuplicateKind = 'url' | 'content';

/**
 * The articles this pipeline process has already accepted, by canonical URL and content hash.
 * In memory: a restarted pipeline may offer an article again, and the monitor's store then
 * counts it as a duplicate (it deduplicates by the same two keys).
 */
export class SeenArticles {
  readonly #urls = new Set<string>();
  readonly #hashes = new Set<string>();

  /** Null when the article is new; else what it duplicates. */
  check(url: string, hash: string): DuplicateKind | null {
    if (this.#urls.has(url)) return 'url';
    if (this.#hashes.has(hash)) return 'content';
    return null;
  }

  /** Records an accepted article. */
  remember(url: string, hash: string): void {
    this.#urls.add(url);
    this.#hashes.add(hash);
  }

  /** How many articles are remembered. */
  get size(): number {
    return this.#urls.size;
  }
}
