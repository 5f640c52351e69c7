import { liveQuery } from 'dexie';
import { readDeviceIdentity } from '../db/device.ts';
import { NotEnrolledError } from '../db/errors.ts';
import { countPending } from '../db/outbox.ts';
import type { EtapeDatabase } from '../db/schema.ts';
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
  db: EtapeDatabase;
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
}

/** The sync engine of one page. */
export interface SyncEngine {
  /** Starts listening to triggers and syncs at once. */
  start(): void;
  /** Stops listening, cancels the timer and aborts the request in flight. */
  stop(): void;
  /** Syncs now (after the sync in progress, if any) and resolves to the status after it. */
  syncNow(): Promise<SyncStatus>;
  /** To call after a local write: syncs soon. (Writes are also noticed through the outbox.) */
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
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, baseUrl = '', now = () => new Date(), timers = defaultTimers, pollMs = 60_000 } = options;
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
    const identity = await readDeviceIdentity(db);
    if (!identity) throw new NotEnrolledError();
    signal.throwIfAborted();
    const request = { db, baseUrl, token: identity.token, fetchImpl: options.fetchImpl, timeoutMs: options.timeoutMs, signal, now: () => now().getTime() };
    const pushed = await push({ ...request, batchSize: options.pushBatchSize });
    await pull({ ...request, limit: options.pullLimit, onProgress: (progress) => update({ pull: progress }) });
    return pushed;
  };

  const cycle = async () => {
    const own = (controller = new AbortController());
    cancelTimer();
    update({ running: true, pull: null, nextAttemptAt: null });
    try {
      const pushed = await lock(() => sync(own.signal));
      const record = await writeSyncOutcome(db, { at: now().toISOString() });
      backoff.reset();
      update({ ...record, failures: 0, gaps: pushed.gaps });
      schedule(pollMs);
    } catch (error) {
      if (own.signal.aborted) return;
      await failed(describeFailure(error, now().toISOString()));
    }
  };

  const failed = async (failure: SyncError) => {
    const record = await writeSyncOutcome(db, { at: failure.at, error: failure }).catch(() => ({
      lastSuccessAt: status.lastSuccessAt,
      lastError: failure,
    }));
    const delay = backoff.next();
    update({ ...record, failures: backoff.attempts });
    // A refused token or a device with no token: trying again by itself cannot help.
    if (failure.kind === 'unauthorized' || failure.kind === 'not-enrolled') return schedule(null);
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

  const watchOutbox = () => {
    let first = true;
    const subscription = liveQuery(() => countPending(db)).subscribe({
      next: (waiting) => {
        const grew = waiting > status.waiting;
        update({ waiting });
        if (grew && !first) void run();
        first = false;
      },
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  };

  return {
    start() {
      if (started) return;
      started = true;
      const stopTriggers = options.triggers === false ? () => undefined : listenForTriggers(() => void run(), options.triggers);
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
      void run();
    },
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
