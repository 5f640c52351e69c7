import { StorageFullError, hasErrorNamed } from './errors.ts';
import type { EtapeDatabase } from './dexie.ts';

/** Errors that mean the connection is dead (iOS drops it when the app sleeps), not that the data is wrong. */
const CLOSED = ['DatabaseClosedError', 'InvalidStateError'];

/**
 * Runs a read or a whole transaction against the device database. If the connection turns out
 * to be closed, it reopens the database ONCE and runs `work` again instead of retrying on a dead
 * connection. Safe because `work` is one transaction: a transaction that failed committed nothing.
 * A full disk becomes a StorageFullError, whose message the screen can show as it is.
 */
export async function withDatabase<T>(db: EtapeDatabase, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!hasErrorNamed(error, CLOSED)) throw asStorageError(error);
    await reopen(db);
    try {
      return await work();
    } catch (again) {
      throw asStorageError(again);
    }
  }
}

/** Reopens a database whose connection was closed under it. */
async function reopen(db: EtapeDatabase): Promise<void> {
  if (db.isOpen()) db.close({ disableAutoOpen: false });
  await db.open();
}

/** A quota error as a StorageFullError; any other error as it was. */
export function asStorageError(error: unknown): unknown {
  return hasErrorNamed(error, ['QuotaExceededError']) ? new StorageFullError({ cause: error }) : error;
}
