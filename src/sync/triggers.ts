import { SYNC_REQUESTED } from '../shared/sw-messages.ts';

/** Why a sync was started. */
export type TriggerReason = 'online' | 'visible' | 'service-worker';

/** Where triggers come from; the browser's by default, fakes in tests. */
export interface TriggerSources {
  window?: EventTarget;
  document?: EventTarget & { visibilityState: string };
  serviceWorker?: EventTarget;
}


export { SYNC_REQUESTED };

/** The browser's sources, where they exist. */
export function browserSources(): TriggerSources {
  return {
    window: typeof window === 'undefined' ? undefined : window,
    document: typeof document === 'undefined' ? undefined : document,
    serviceWorker: globalThis.navigator?.serviceWorker,
  };
}

/**
 * Calls `fire` when the network comes back, when the page is shown again, and when the service
 * worker asks for a sync. Returns a function that stops listening.
 */
export function listenForTriggers(fire: (reason: TriggerReason) => void, sources: TriggerSources = browserSources()): () => void {
  const { window: win, document: doc, serviceWorker } = sources;
  const onOnline = () => fire('online');
  const onVisibility = () => {
    if (doc?.visibilityState === 'visible') fire('visible');
  };
  const onMessage = (event: Event) => {
    if ((event as MessageEvent).data?.type === SYNC_REQUESTED) fire('service-worker');
  };
  win?.addEventListener('online', onOnline);
  doc?.addEventListener('visibilitychange', onVisibility);
  serviceWorker?.addEventListener('message', onMessage);
  return () => {
    win?.removeEventListener('online', onOnline);
    doc?.removeEventListener('visibilitychange', onVisibility);
    serviceWorker?.removeEventListener('message', onMessage);
  };
}
