import type { StatusDocument } from '@naija-monitor/protocol';
import { sampleStatusDocument } from '@naija-monitor/protocol/testing';

/**
 * A valid status document for unit tests of the live side, which never look inside it;
 * `eventsExtracted` makes documents tell apart. Integration tests use the real status engine.
 */
export function liveTestDocument(
  eventsExtracted = 0,
  at = new Date('2026-01-28T15:30:45.123Z'),
): StatusDocument {
  const document = sampleStatusDocument({ at });
  return {
    ...document,
    scraping_health: { ...document.scraping_health, events_extracted: eventsExtracted },
  };
}
