import type { StatusDocument } from '@naija-monitor/protocol';
import { sampleStatusDocument } from '@naija-monitor/protocol/testing';

/**
 * A schema-valid status document for tests. `articles` varies the content so successive
 * documents differ; `at` sets the timestamp, every other time is relative to it.
 */
export function makeStatusDocument(options: { articles?: number; at?: Date } = {}): StatusDocument {
  const document = sampleStatusDocument({ at: options.at ?? new Date() });
  return {
    ...document,
    scraping_health: { ...document.scraping_health, articles_collected: options.articles ?? 125 },
  };
}
