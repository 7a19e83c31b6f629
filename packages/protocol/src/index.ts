export * from './status-document';
export * from './messages';
export * from './close-codes';
export * from './paths';
export * from './ingest';
export * from './console';
