import type { NetworkSource, VisibilitySource } from './options';

/** Why the client is paused. */
export type PauseReason = 'hidden' | 'offline';

/** Called when a pause reason starts or ends. */
export type PauseHandler = (reason: PauseReason, paused: boolean) => void;

/** Listeners on the page's visibility and the network; `dispose()` removes every one. */
export interface LifecycleWatch {
  /** Reasons that hold right now (at the time of the call). */
  current(): Set<PauseReason>;
  dispose(): void;
}

/**
 * Watches `visibilitychange` and `online`/`offline`. Either source may be null (Node, or
 * disabled by the caller), and then it never pauses the client.
 */
export function watchLifecycle(
  document: VisibilitySource | null,
  window: NetworkSource | null,
  onChange: PauseHandler,
): LifecycleWatch {
  const onVisibility = (): void => onChange('hidden', document?.visibilityState === 'hidden');
  const onOnline = (): void => onChange('offline', false);
  const onOffline = (): void => onChange('offline', true);
  document?.addEventListener('visibilitychange', onVisibility);
  window?.addEventListener('online', onOnline);
  window?.addEventListener('offline', onOffline);
  return {
    current() {
      const reasons = new Set<PauseReason>();
      if (document?.visibilityState === 'hidden') reasons.add('hidden');
      // navigator.onLine === false is reliable; true only means "maybe", so it never pauses.
      if (window?.navigator?.onLine === false) reasons.add('offline');
      return reasons;
    },
    dispose() {
      document?.removeEventListener('visibilitychange', onVisibility);
      window?.removeEventListener('online', onOnline);
      window?.removeEventListener('offline', onOffline);
    },
  };
}
