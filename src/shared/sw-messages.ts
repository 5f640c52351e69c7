/** Messages and tags shared by the page and the service worker (sw/sw.ts, src/app/sw-bridge.ts, src/sync/triggers.ts). */

/** What the service worker posts to the pages when Background Sync fires: "sync now". */
export const SYNC_REQUESTED = 'SYNC_REQUESTED';

/** Tag of the Background Sync registration the page makes when ops wait and the network is gone. */
export const SYNC_TAG = 'etape-sync';

/** The page asks the waiting worker to take over, after the user accepted the update. */
export function isSkipWaitingMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING';
}
