import { onTablesChanged } from '../db/table-changes.ts';
import { readIdentity } from '../db/device.ts';
import { DeviceRevokedError, NotEnrolledError } from '../db/errors.ts';
import { eraseRevokedDevice } from '../db/revocation.ts';
import { HttpFailure } from './http.ts';
import { countPending } from '../db/outbox.ts';
import type { DatabaseRef } from '../db/database.ts';
import { readSyncRecord, writeSyncOutcome, type SyncError, type SyncRecord } from '../db/sync-state.ts';
import { createBackoff } from './backoff.ts';
import { describeFailure } from './failure.ts';
import { createSyncLock, type SyncLock } from './lock.ts';
import { pull, type PullProgress } from './pull.ts';
import { push, type PushResult } from './push.ts';
import { listenForTriggers, type TriggerSources } from './triggers.ts';

/** What every page shows about sync: ops waiting, last success, last error, a pull in progress. */
export interface SyncStatus extends SyncRecord {
  running: boolean;
  waiting: number;
  /** The pull in progress (changes applied so far), or null. */
  pull: PullProgress | null;
  /** When the timer will try again, or null if no try is planned. */
  nextAttemptAt: string | null;
  /** Failures in a row since the last success. */
  failures: number;
  /** Forwarded devices whose ops wait for earlier ones the server has never received. */
  gaps: PushResult['gaps'];
}

export interface SyncEngineOptions {
  /** The device database: `APP_DATABASE`, or a test's. */
  db: DatabaseRef;
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  pullLimit?: number;
  pushBatchSize?: number;
  /** Delay between syncs while all goes well (changes from other devices arrive this often). */
  pollMs?: number;
  backoff?: { baseMs?: number; capMs?: number; random?: () => number };
  now?: () => Date;
  /** Where `online`, `visibilitychange` and service worker messages come from; false for none. */
  triggers?: TriggerSources | false;
  lock?: SyncLock;
  timers?: { set(run: () => void, ms: number): unknown; clear(handle: unknown): void };
  /** `navigator.onLine`: a hint that only stretches the retry timer, never skips a try. */
  isOnline?: () => boolean;
  /**
   * After a local write the sync waits until writes pause for `quietMs`; once `maxMs` have passed
   * since the first write it has not sent, the next write is sent at once. A door scanning a badge
   * a second syncs about every `maxMs`, not after every scan, and each of its syncs starts just
   * after a scan, in the gap before the next one: the scans do not queue behind a sync (a timer
   * set at `maxMs` would fire anywhere between two scans, often just before one). Writes wait at
   * most `maxMs` plus `quietMs`. 0 and 0: at once.
   */
  writeDelay?: { quietMs: number; maxMs: number };
}

/** A sync after writes: once they pause for 1.5 s, or with the first write 10 s after the first unsent one. */
export const WRITE_DELAY = { quietMs: 1_500, maxMs: 10_000 };

/** The sync engine of one page. */
export interface SyncEngine {
  /** Starts listening to triggers and syncs at once. */
  start(): void;
  /** Stops listening, cancels the timer and aborts the request in flight. */
  stop(): void;
  /** Syncs now (after the sync in progress, if any) and resolves to the status after it. */
  syncNow(): Promise<SyncStatus>;
  /** To call after a local write: syncs soon, unless the last sync failed. (Writes are also noticed through the outbox.) */
  notifyWrite(): void;
  getStatus(): SyncStatus;
  /** Calls `listener` on each status change; returns the unsubscribe function. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
}

const defaultTimers = {
  set: (run: () => void, ms: number): unknown => setTimeout(run, ms),
  clear: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Creates the engine. A sync is a push of every waiting op, THEN a pull of every change: a pull
 * runs only after every push request was answered. This protects convergence: if a push answer
 * was lost after the server committed, a pull in the same sync would bring back the server's
 * state and replay over it an op the server has already applied (and maybe overwritten since).
 * Syncs never overlap: requests during a sync coalesce into one more sync after it.
 * A write (the outbox grew) starts a sync only while syncs succeed: after a failure, the planned
 * retry (and `online`, `visibilitychange`, "sync now") sends the new ops, so that a kiosk offline
 * with a long outbox does not read a batch of it on every answer.
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, baseUrl = '', now = () => new Date(), timers = defaultTimers, pollMs = 60_000, writeDelay = WRITE_DELAY } = options;
  const capMs = options.backoff?.capMs ?? 5 * 60_000;
  const backoff = createBackoff({ baseMs: options.backoff?.baseMs ?? 2_000, capMs, random: options.backoff?.random });
  const lock = options.lock ?? createSyncLock();
  const isOnline = options.isOnline ?? (() => globalThis.navigator?.onLine !== false);
  const listeners = new Set<(status: SyncStatus) => void>();
  let status: SyncStatus = { running: false, waiting: 0, lastSuccessAt: null, lastError: null, pull: null, nextAttemptAt: null, failures: 0, gaps: [] };
  let started = false;
  let timer: unknown;
  let controller: AbortController | undefined;
  let stopListening: (() => void) | undefined;
  let current: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  /** When the first write not yet sent by a sync was noticed (ms), or null. */
  let firstUnsentWriteAt: number | null = null;

  const update = (patch: Partial<SyncStatus>) => {
    status = { ...status, ...patch };
    for (const listener of listeners) listener(status);
  };

  const cancelTimer = () => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
  };

  /** Plans the next try in `ms`, or none (null): nothing is planned while the engine is stopped. */
  const schedule = (ms: number | null) => {
    cancelTimer();
    if (!started || ms === null) return update({ nextAttemptAt: null });
    timer = timers.set(() => {
      timer = undefined;
      void run();
    }, Math.min(ms, 2 ** 31 - 1));
    update({ nextAttemptAt: new Date(now().getTime() + ms).toISOString() });
  };

  const sync = async (signal: AbortSignal): Promise<PushResult> => {
    const identity = await readIdentity(db);
    if (!identity) throw new NotEnrolledError();
    if (identity.revokedAt) throw new DeviceRevokedError();
    signal.throwIfAborted();
    const request = { db, baseUrl, token: identity.token, fetchImpl: options.fetchImpl, timeoutMs: options.timeoutMs, signal, now: () => now().getTime() };
    const pushed = await push({ ...request, batchSize: options.pushBatchSize });
    const pulled = await pull({ ...request, deviceId: identity.deviceId, limit: options.pullLimit, onProgress: (progress) => update({ pull: progress }) });
    if (!pulled.restored) return pushed;
    // The server was restored from a backup: send again what it lost, then pull what that changed.
    const again = await push({ ...request, batchSize: options.pushBatchSize });
    await pull({ ...request, deviceId: identity.deviceId, limit: options.pullLimit, onProgress: (progress) => update({ pull: progress }) });
    return again;
  };

  const cycle = async () => {
    firstUnsentWriteAt = null; // this sync reads the outbox: it sends every write made so far
    const own = (controller = new AbortController());
    cancelTimer();
    update({ running: true, pull: null, nextAttemptAt: null });
    try {
      const pushed = await lock(() => sync(own.signal));
      const record = await writeSyncOutcome(db, { at: now().toISOString() });
      backoff.reset();
      update({ ...record, failures: 0, gaps: pushed.gaps });
      // Writes made during this sync may have come after its push: they are sent as any write is.
      schedule(firstUnsentWriteAt === null ? pollMs : writeWait());
    } catch (error) {
      if (own.signal.aborted) return;
      const failure = describeFailure(error, now().toISOString());
      // The server's word that an organizer revoked this device: erase what it must not keep.
      if (failure.kind === 'revoked' && error instanceof HttpFailure) await eraseRevokedDevice(db, failure.at).catch(() => undefined);
      await failed(failure);
    }
  };

  const failed = async (failure: SyncError) => {
    const record = await writeSyncOutcome(db, { at: failure.at, error: failure }).catch(() => ({
      lastSuccessAt: status.lastSuccessAt,
      lastError: failure,
    }));
    const delay = backoff.next();
    update({ ...record, failures: backoff.attempts });
    // A refused or revoked token, or a device with no token: trying again by itself cannot help.
    if (failure.kind === 'unauthorized' || failure.kind === 'revoked' || failure.kind === 'not-enrolled') return schedule(null);
    schedule(isOnline() ? delay : Math.max(delay, capMs));
  };

  const run = (): Promise<void> => {
    if (current) {
      queued ??= current.then(() => {
        queued = null;
        return run();
      });
      return queued;
    }
    const running = cycle()
      .catch(() => undefined)
      .then(async () => {
        const waiting = await countPending(db).catch(() => status.waiting);
        // No await between these two lines: "not running" is announced only once it is true.
        current = null;
        update({ running: false, pull: null, waiting });
      });
    current = running;
    return running;
  };

  /**
   * After a write: a sync once writes pause (writeDelay), unless the last one failed and its retry
   * is planned (offline: the ops wait for it, or for `online`), or the engine is stopped. After a
   * refused token no retry is planned: a write tries again (a one-off 401 from a proxy must not
   * hold answers all day).
   */
  const wake = () => {
    if (!started || (status.failures > 0 && status.nextAttemptAt !== null)) return;
    firstUnsentWriteAt ??= now().getTime();
    if (current) return; // the sync under way plans the next one when it ends
    const wait = writeWait();
    if (wait === 0) void run();
    else schedule(wait);
  };

  /** The page is put away: the writes waiting for a pause are sent now (a hidden page's timers may be slowed or frozen). */
  const sendWaitingWrites = () => {
    if (firstUnsentWriteAt !== null && !current && !(status.failures > 0 && status.nextAttemptAt !== null)) void run();
  };

  /** How long the writes not yet sent may still wait after the latest (writeDelay): none once they have waited `maxMs`. */
  const writeWait = () => (now().getTime() - firstUnsentWriteAt! >= writeDelay.maxMs ? 0 : writeDelay.quietMs);

  /** Keeps `waiting` up to date as ops are queued or acknowledged (in this tab or another); one count at a time. */
  const watchOutbox = () => {
    let counting = false;
    let again = false;
    // Compared with the watcher's own last count: the end of a run may already have shown the new
    // op in `status.waiting`, and must not hide that it arrived.
    let lastCount = status.waiting;
    const recount = async () => {
      if (counting) {
        again = true;
        return;
      }
      counting = true;
      do {
        again = false;
        const waiting = await countPending(db).catch(() => lastCount);
        const grew = waiting > lastCount;
        lastCount = waiting;
        update({ waiting });
        if (grew) wake();
      } while (again && started);
      counting = false;
    };
    return onTablesChanged(db.name, (tables) => {
      if (tables.includes('outbox')) void recount();
    });
  };

  return {
    start() {
      if (started) return;
      started = true;
      const stopTriggers = options.triggers === false ? () => undefined : listenForTriggers((reason) => (reason === 'hidden' ? sendWaitingWrites() : void run()), options.triggers);
      const stopWatching = watchOutbox();
      stopListening = () => {
        stopTriggers();
        stopWatching();
      };
      // What the last page load knew, shown until this page's first sync ends.
      void readSyncRecord(db)
        .then((record) => {
          if (!status.lastSuccessAt && !status.lastError) update(record);
        })
        .catch(() => undefined);
      void run();
    },
    stop() {
      started = false;
      stopListening?.();
      stopListening = undefined;
      cancelTimer();
      controller?.abort();
      update({ nextAttemptAt: null });
    },
    async syncNow() {
      await run();
      return status;
    },
    notifyWrite() {
      wake();
    },
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
