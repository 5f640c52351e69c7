import { Workbox } from 'workbox-window';
import { SYNC_TAG } from '../shared/sw-messages.ts';

/**
 * The page side of the service worker (only module that imports workbox-window). A new version
 * is announced through `onUpdateOffered`; it is applied only when `applyUpdate()` is called,
 * after the user said yes: the waiting worker is asked to take over, and the page reloads once
 * it controls it. Never a blind skipWaiting.
 */

type Listener = (offered: boolean) => void;

let workbox: Workbox | undefined;
let offered = false;
const listeners = new Set<Listener>();

function setOffered(value: boolean): void {
  offered = value;
  for (const listener of listeners) listener(value);
}

/** Calls `listener` now and whenever an update is offered or withdrawn. Returns an unsubscribe. */
export function onUpdateOffered(listener: Listener): () => void {
  listeners.add(listener);
  listener(offered);
  return () => listeners.delete(listener);
}

/** Registers the service worker in production builds. Checks for updates when the page is shown again. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => setOffered(true));
  void workbox.register().catch((error: unknown) => console.warn('Service worker registration failed', error));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void checkForUpdate();
  });
}

/** Asks the server whether a new version exists (it is then offered, not applied). */
export async function checkForUpdate(): Promise<void> {
  try {
    await workbox?.update();
  } catch {
    // Offline or server down: the next check will try again.
  }
}

/** Applies the waiting version: the page reloads when the new worker controls it. */
export function applyUpdate(): void {
  if (!workbox) return;
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}

/** Asks the browser (where it has Background Sync) to wake the service worker when the network returns. */
export async function requestBackgroundSync(): Promise<void> {
  try {
    const registration = (await navigator.serviceWorker?.getRegistration()) as
      | (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })
      | undefined;
    await registration?.sync?.register(SYNC_TAG);
  } catch {
    // No Background Sync here: the page's own triggers (online, visible, timer) still run.
  }
}
