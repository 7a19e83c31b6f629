import type { StageName } from './status-document';

// In a module of its own (no TypeBox import), so the dashboard's bundle takes the list without
// the schemas.

/** The pipeline's stages, in order. */
export const STAGE_NAMES: readonly StageName[] = [
  'collection',
  'processing',
  'extraction',
  'geocoding',
  'validation',
];
