import type { LogMark, Rejection } from '../shared/protocol.ts';
import { getMeta, putMeta, read, write, type DatabaseRef, type WriteTx } from './database.ts';
import { requeueForwardedIn } from './outbox.ts';
import { META } from './meta.ts';

/* The sync engine's own state, kept in meta. */

/**
 * Why the last sync failed. `unauthorized`: the server no longer knows this device's token
 * (never issued, or a proxy's 401); `revoked`: the server said an organizer revoked this device
 * (its participants and token are erased, its waiting ops kept for export); `storage`: this device is out of space; `not-enrolled`: there
 * is no token to sync with; `device`: anything else that failed on this device (a bug).
 */
export type SyncErrorKind =
  | 'offline'
  | 'timeout'
  | 'unauthorized'
  | 'revoked'
  | 'server'
  | 'invalid'
  | 'storage'
  | 'not-enrolled'
  | 'device';

/** The last failure, kept so that it is still shown after a reload. */
export interface SyncError {
  kind: SyncErrorKind;
  detail: string;
  code?: string;
  status?: number;
  at: string;
}

/** What the device remembers of its syncs, for the status shown on every page. */
export interface SyncRecord {
  lastSuccessAt: string | null;
  lastError: SyncError | null;
}

const MAX_REJECTIONS = 100;

/** Where a device last saw the change log: a seq and the server's mark of the change there. */
export type { LogMark };

/** Keeps the furthest point of the log seen (a pull page, a push answer). Inside a read-write transaction that includes meta. */
export async function noteLogMark(tx: WriteTx, next: LogMark): Promise<void> {
  const seen = (await getMeta(tx, META.logMark)) as Partial<LogMark> | undefined;
  if (next.seq >= (seen?.seq ?? 0)) await putMeta(tx, META.logMark, next);
}

/** The pull cursor with its mark, and the furthest point of the log this device saw (kept across a re-enrolment). */
export async function readCursorMark(ref: DatabaseRef): Promise<{ cursor: number; mark: string | undefined; seen: LogMark | undefined }> {
  return read(ref, ['meta'], async (tx) => {
    const [cursor, mark, seen] = [await getMeta(tx, META.cursor), await getMeta(tx, META.cursorMark), (await getMeta(tx, META.logMark)) as Partial<LogMark> | undefined];
    const valid = typeof seen?.seq === 'number' && typeof seen.mark === 'string';
    return { cursor: typeof cursor === 'number' ? cursor : 0, mark: typeof mark === 'string' ? mark : undefined, seen: valid ? (seen as LogMark) : undefined };
  });
}

/**
 * The server no longer knows the change the cursor stands on (restored from a backup): the pull
 * starts again from 0 (the records held stay: the new pull overwrites them), and the ops this
 * device forwarded for others are queued again (outbox.ts; its own lost ops are queued again
 * by the pull's `acked`). Returns how many were queued again.
 */
export async function restartPull(ref: DatabaseRef, ownDeviceId: string | undefined): Promise<number> {
  return write(ref, ['meta', 'outbox', 'sent'], async (tx) => {
    await putMeta(tx, META.cursor, 0);
    await tx.objectStore('meta').delete(META.cursorMark);
    await tx.objectStore('meta').delete(META.logMark);
    return requeueForwardedIn(tx, ownDeviceId);
  });
}

/** The last success and last error, as stored. */
export async function readSyncRecord(ref: DatabaseRef): Promise<SyncRecord> {
  const value = (await read(ref, ['meta'], (tx) => getMeta(tx, META.status))) as Partial<SyncRecord> | undefined;
  return { lastSuccessAt: value?.lastSuccessAt ?? null, lastError: value?.lastError ?? null };
}

/** Records the outcome of a sync: a success clears the last error, a failure keeps the last success. */
export async function writeSyncOutcome(ref: DatabaseRef, outcome: { at: string; error?: SyncError }): Promise<SyncRecord> {
  return write(ref, ['meta'], async (tx) => {
    const previous = (await getMeta(tx, META.status)) as Partial<SyncRecord> | undefined;
    const next: SyncRecord = outcome.error
      ? { lastSuccessAt: previous?.lastSuccessAt ?? null, lastError: outcome.error }
      : { lastSuccessAt: outcome.at, lastError: null };
    await putMeta(tx, META.status, next);
    return next;
  });
}

/** Keeps the latest rejections (at most 100). Call inside a read-write transaction that includes meta. */
export async function addRejections(tx: WriteTx, rejections: readonly Rejection[]): Promise<void> {
  if (rejections.length === 0) return;
  const stored = await getMeta(tx, META.rejections);
  const kept = [...(Array.isArray(stored) ? (stored as Rejection[]) : []), ...rejections].slice(-MAX_REJECTIONS);
  await putMeta(tx, META.rejections, kept);
}
