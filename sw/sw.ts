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
