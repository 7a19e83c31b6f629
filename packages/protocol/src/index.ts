export * from './status-document';
export * from './stage-names';
export * from './messages';
// Constants and the server-message parser live apart from the schemas, so a client bundle takes
// them without TypeBox (see compiled/server-message-checks.ts).
export * from './message-types';
export { parseServerMessage, type ParseResult } from './parse-server-message';
export * from './close-codes';
export * from './paths';
export * from './ingest';
export * from './console';
export * from './error-body';
export * from './merge-patch';
export * from './json-codec';
export * from './delta';
