/** Messages the page may send to the service worker. */

/** The page asks the waiting worker to take over, after the user accepted the update. */
export function isSkipWaitingMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING';
}

/** Tag of the Background Sync registration the page makes when ops wait and the network is gone. */
export const SYNC_TAG = 'etape-sync';
