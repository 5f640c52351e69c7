/// <reference lib="webworker" />
/**
 * Étape's service worker: wires events only. It precaches the app shell, answers navigations
 * with index.html (never /api/), touches only same-origin GETs, and waits to be asked before it
 * takes over from an older version.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { SYNC_REQUESTED, SYNC_TAG, isSkipWaitingMessage } from '../src/shared/sw-messages.ts';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^ref$/] });
cleanupOutdatedCaches();

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^\/api\//],
  }),
);

// The QR decoder's wasm (about 1 MB, needed only on devices without a native BarcodeDetector)
// is not precached for every visitor: the check-in screen fetches it once, and it is kept here,
// its hashed name replacing the previous version's.
const WASM_CACHE = 'etape-wasm';
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/') && url.pathname.endsWith('.wasm'),
  async ({ request }) => {
    const cache = await caches.open(WASM_CACHE);
    const cached = await cache.match(request);
    if (cached) return cached;
    const response = await fetch(request);
    if (response.ok) {
      for (const old of await cache.keys()) if (old.url !== request.url) await cache.delete(old);
      await cache.put(request, response.clone());
    }
    return response;
  },
);

// Take control of open pages on activation, so a first visit already works offline. A later
// version only reaches activation after the user's consent (see 'message' below and
// src/app/sw-bridge.ts), and the page then reloads into it.
self.addEventListener('activate', (event: ExtendableEvent) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if (isSkipWaitingMessage(event.data)) void self.skipWaiting();
});

// Background Sync (where the browser has it): wake the open pages' sync engines when a
// connection returns, even if the page did not notice. The engine itself runs in the page.
self.addEventListener('sync', (event: Event) => {
  const syncEvent = event as ExtendableEvent & { tag?: string };
  if (syncEvent.tag !== SYNC_TAG) return;
  syncEvent.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((clients) => {
      for (const client of clients) client.postMessage({ type: SYNC_REQUESTED });
    }),
  );
});
