import { readIdentity } from '../db/device.ts';
import { readCursorMark, restartPull } from '../db/sync-state.ts';
import { PULL_MAX_LIMIT, type PullResponse } from '../shared/protocol.ts';
import { applyChanges } from './apply-changes.ts';
import { HttpFailure, fetchWithTimeout, readJson } from './http.ts';
import { syncHeaders, type SyncRequestOptions } from './request.ts';
import { parsePullResponse } from './responses.ts';

/** How far a pull has gone: changes applied so far, and the cursor reached. */
export interface PullProgress {
  applied: number;
  cursor: number;
  /** Changes still to come, as the server counted them after the last page (absent from an older server, or once done). */
  remaining?: number;
  /** The server was restored from a backup: the pull started again from 0, and lost ops were queued again (how many). */
  restored?: { requeued: number };
}

/**
 * Fetches and applies every change above the stored cursor, page by page, until the server says
 * nothing more remains. Each page is applied with its cursor in one transaction (applyChanges),
 * so an interrupted pull resumes where it stopped; the next page is fetched while one is applied.
 * `onProgress` runs after each page. A page is
 * applied only while the device is still the one the pull started for (`deviceId`, or the stored
 * identity): a pull of a former identity never moves the new one's cursor. Each pull sends the
 * server's mark of its cursor: a server restored from a backup answers 409 `cursor-unknown`, and
 * the pull starts again from 0; own ops it lost are queued again (applyChanges).
 */
export async function pull(
  options: SyncRequestOptions & { limit?: number; onProgress?: (progress: PullProgress) => void; deviceId?: string },
): Promise<PullProgress> {
  const { db, baseUrl, token, fetchImpl, timeoutMs, signal, now = Date.now } = options;
  const limit = Math.min(options.limit ?? PULL_MAX_LIMIT, PULL_MAX_LIMIT);
  const pulledFor = options.deviceId ?? (await readIdentity(db))?.deviceId;
  let { cursor, mark, seen } = await readCursorMark(db);
  let applied = 0;
  let restored: PullProgress['restored'];
  /** Whether the server said how many changes remained (then the last page leaves 0, not nothing, to show). */
  let counted = false;
  const fetchPage = async (): Promise<PullResponse> => {
    const at =
      (cursor > 0 && mark ? `&at=${encodeURIComponent(mark)}` : '') + (seen && seen.seq > 0 ? `&seen=${seen.seq}&seenAt=${encodeURIComponent(seen.mark)}` : '');
    // In runs (src/shared/pull-runs.ts): a page the main thread reads in a third of the time.
    const url = `${baseUrl}/api/sync/pull?cursor=${cursor}&limit=${limit}&format=runs${at}`;
    const response = await fetchWithTimeout(url, { headers: syncHeaders(token), cache: 'no-store', signal }, timeoutMs, fetchImpl);
    return parsePullResponse(await readJson(response, 'The pull answer'));
  };
  let next = fetchPage();
  for (;;) {
    let page: PullResponse;
    try {
      page = await next;
    } catch (error) {
      // The log no longer has the change the cursor stands on (a restored backup): from 0 again, once.
      if (!(error instanceof HttpFailure && error.status === 409 && error.code === 'cursor-unknown') || restored) throw error;
      restored = { requeued: await restartPull(db, pulledFor) };
      [cursor, mark, seen] = [0, undefined, undefined];
      next = fetchPage();
      continue;
    }
    if (page.hasMore && page.nextCursor <= cursor) {
      throw new HttpFailure('invalid', `The pull answer says more remains but does not move the cursor (${cursor})`);
    }
    if (page.nextCursor >= cursor) [cursor, mark] = [page.nextCursor, page.mark];
    if (page.mark !== undefined && page.nextCursor >= (seen?.seq ?? 0)) seen = { seq: page.nextCursor, mark: page.mark };
    // The next page is asked for while this one is applied (a first pull of a festival is 13 pages):
    // the network and the server work while IndexedDB does. If applying fails, its answer is dropped.
    if (page.hasMore) {
      next = fetchPage();
      next.catch(() => undefined);
    }
    const { requeued } = await applyChanges(db, page, now, pulledFor);
    if (requeued > 0) restored = { requeued: (restored?.requeued ?? 0) + requeued };
    applied += page.changes.length;
    counted ||= page.remaining !== undefined;
    const remaining = page.hasMore ? page.remaining : counted ? 0 : undefined;
    options.onProgress?.(remaining !== undefined ? { applied, cursor, remaining } : { applied, cursor });
    if (!page.hasMore) return restored ? { applied, cursor, restored } : { applied, cursor };
  }
}
