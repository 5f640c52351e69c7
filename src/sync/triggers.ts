import { SYNC_REQUESTED } from '../shared/sw-messages.ts';

/** Why a sync was started. */
/** `hidden`: the page is put away (a phone locked, another app): the engine sends the writes still waiting then. */
export type TriggerReason = 'online' | 'visible' | 'hidden' | 'service-worker' | 'requested';

/** A window event any screen may dispatch to ask for a sync now (the kiosk's staff panel does, by this name). */
export const SYNC_NOW_EVENT = 'etape:sync-now';

/** Asks the running sync engine, if any, to sync now. */
export function requestSyncNow(): void {
  globalThis.dispatchEvent?.(new Event(SYNC_NOW_EVENT));
}

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
 * Calls `fire` when the network comes back, when the page is shown again or hidden, when the service
 * worker asks for a sync, and when a screen asks for one (SYNC_NOW_EVENT). Returns a function that stops listening.
 */
export function listenForTriggers(fire: (reason: TriggerReason) => void, sources: TriggerSources = browserSources()): () => void {
  const { window: win, document: doc, serviceWorker } = sources;
  const onOnline = () => fire('online');
  const onRequest = () => fire('requested');
  const onVisibility = () => {
    fire(doc?.visibilityState === 'visible' ? 'visible' : 'hidden');
  };
  const onMessage = (event: Event) => {
    if ((event as MessageEvent).data?.type === SYNC_REQUESTED) fire('service-worker');
  };
  win?.addEventListener('online', onOnline);
  win?.addEventListener(SYNC_NOW_EVENT, onRequest);
  doc?.addEventListener('visibilitychange', onVisibility);
  serviceWorker?.addEventListener('message', onMessage);
  return () => {
    win?.removeEventListener('online', onOnline);
    win?.removeEventListener(SYNC_NOW_EVENT, onRequest);
    doc?.removeEventListener('visibilitychange', onVisibility);
    serviceWorker?.removeEventListener('message', onMessage);
  };
}
