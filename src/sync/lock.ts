/** The name of the Web Lock held while a tab syncs. */
export const SYNC_LOCK_NAME = 'etape-sync';

/** Runs `work` while holding the sync lock; resolves to its result. */
export type SyncLock = <T>(work: () => Promise<T>) => Promise<T>;

/** The part of the Web Locks API used here. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

let tail: Promise<unknown> = Promise.resolve();

/** An in-tab mutex: each call waits for the previous one to finish, whatever its outcome. */
function inTabMutex<T>(work: () => Promise<T>): Promise<T> {
  const result = tail.then(work, work);
  tail = result.catch(() => undefined);
  return result;
}

/**
 * One flusher across tabs: with the Web Locks API, the tabs of this origin take turns (a tab
 * that waits then finds little or nothing left to send). Where it is missing (old Safari,
 * Node), one mutex per page, so that at least the syncs of one page never overlap.
 */
export function createSyncLock(locks: LockManagerLike | undefined = globalThis.navigator?.locks): SyncLock {
  if (!locks) return inTabMutex;
  return (work) => locks.request(SYNC_LOCK_NAME, work);
}
