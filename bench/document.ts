import { Value } from '@sinclair/typebox/value';
import { PATHS, StatusDocumentSchema, type StatusDocument } from '@naija-monitor/protocol';
import { sampleStatusDocument } from '@naija-monitor/protocol/testing';

/** Raised when a document does not validate against the protocol's schema. */
export class DocumentError extends Error {
  override readonly name = 'DocumentError';
  readonly code = 'INVALID_DOCUMENT';
}

/** Throws a {@link DocumentError} naming the first problem unless `value` is a status document. */
export function assertStatusDocument(value: unknown): asserts value is StatusDocument {
  const error = Value.Errors(StatusDocumentSchema, value).First();
  if (error) throw new DocumentError(`not a status document: ${error.path} ${error.message}`);
}

/**
 * A realistic status document of about 3.5 KB (4 sources, 5 stages, a 4-hour quality trend, an
 * anomaly and an alert), for the peers when the real server's document is not at hand.
 * It validates against `StatusDocumentSchema`.
 */
export function syntheticDocument(at = new Date()): StatusDocument {
  const document = sampleStatusDocument({ at });
  const bench = { ...document, system_health: { ...document.system_health, node_id: 'bench' } };
  assertStatusDocument(bench);
  return bench;
}

/** The real server's own status document, so that every server sends the same bytes. */
export async function fetchDocument(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}${PATHS.status}`);
  if (!response.ok) throw new Error(`status route answered ${response.status}`);
  const text = await response.text();
  assertStatusDocument(JSON.parse(text));
  return text;
}
