import type { StatusDocument } from '@naija-monitor/protocol';

/**
 * The JSON text of a status document, remembered for the very object it was made from, so a
 * document is serialised once per update (issue #17): the status computation serialises it to
 * check its byte ceiling (`status/document-bounds.ts`), and the fan-out reuses that text
 * (`live/prepared-update.ts`). Keyed by identity: a document changed afterwards is a new
 * object (documents are never mutated), which has no text here and is serialised again.
 */
const TEXTS = new WeakMap<StatusDocument, string>();

/** Remembers `json` as the serialisation of `document`; returns `json`. */
export function rememberDocumentJson(document: StatusDocument, json: string): string {
  TEXTS.set(document, json);
  return json;
}

/** `JSON.stringify(document)`, from memory when this object was serialised before. */
export function serializeDocument(document: StatusDocument): string {
  return TEXTS.get(document) ?? rememberDocumentJson(document, JSON.stringify(document));
}
