import type { StatusDocument } from '@naija-monitor/protocol';
import type { ConsoleApi } from './api';
import { useResource, type Resource } from './use-resource';

/**
 * The document as published at `at` (`GET …/pipeline-status?at=`), or nothing when live. The
 * live client is not touched: it stays connected and keeps its own snapshot underneath.
 */
export function useReplay(api: ConsoleApi, at: string | null): Resource<StatusDocument> {
  return useResource(at, () => api.statusAt(at!));
}
