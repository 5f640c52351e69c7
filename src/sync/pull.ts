import { readIdentity } from '../db/device.ts';
import { readCursor } from '../db/sync-state.ts';
import { PULL_MAX_LIMIT } from '../shared/protocol.ts';
import { applyChanges } from './apply-changes.ts';
import { HttpFailure, fetchWithTimeout, readJson } from './http.ts';
import { syncHeaders, type SyncRequestOptions } from './request.ts';
import { parsePullResponse } from './responses.ts';

/** How far a pull has gone: changes applied so far, and the cursor reached. */
export interface PullProgress {
  applied: number;
  cursor: number;
}

/**
 * Fetches and applies every change above the stored cursor, page by page, until the server says
 * nothing more remains. Each page is applied with its cursor in one transaction (applyChanges),
 * so an interrupted pull resumes where it stopped. `onProgress` runs after each page. A page is
 * applied only while the device is still the one the pull started for (`deviceId`, or the stored
 * identity): a pull of a former identity never moves the new one's cursor.
 */
export async function pull(
  options: SyncRequestOptions & { limit?: number; onProgress?: (progress: PullProgress) => void; deviceId?: string },
): Promise<PullProgress> {
  const { db, baseUrl, token, fetchImpl, timeoutMs, signal, now = Date.now } = options;
  const limit = Math.min(options.limit ?? PULL_MAX_LIMIT, PULL_MAX_LIMIT);
  const pulledFor = options.deviceId ?? (await readIdentity(db))?.deviceId;
  let cursor = await readCursor(db);
  let applied = 0;
  for (;;) {
    const url = `${baseUrl}/api/sync/pull?cursor=${cursor}&limit=${limit}`;
    const response = await fetchWithTimeout(url, { headers: syncHeaders(token), cache: 'no-store', signal }, timeoutMs, fetchImpl);
    const page = parsePullResponse(await readJson(response, 'The pull answer'));
    if (page.hasMore && page.nextCursor <= cursor) {
      throw new HttpFailure('invalid', `The pull answer says more remains but does not move the cursor (${cursor})`);
    }
    await applyChanges(db, page, now, pulledFor);
    applied += page.changes.length;
    cursor = Math.max(cursor, page.nextCursor);
    options.onProgress?.({ applied, cursor });
    if (!page.hasMore) return { applied, cursor };
  }
}
