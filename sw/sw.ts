/// <reference lib="webworker" />
/**
 * Étape's service worker: wires events only. It precaches the app shell, answers navigations
 * with index.html (never /api/), touches only same-origin GETs, and waits to be asked before it
 * takes over from an older version.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { isSkipWaitingMessage } from './messages.ts';

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
