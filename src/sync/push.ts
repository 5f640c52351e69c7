import { CHECKIN_TABLES } from '../db/checkins.ts';
import { readIdentity } from '../db/device.ts';
import { ackOpsIn, opsById, pendingBatch, pendingDevices } from '../db/outbox.ts';
import { write, type TableName } from '../db/database.ts';
import { recordAccess, undoRejectedWith } from '../db/local-apply.ts';
import { receiveClocks } from '../db/clock.ts';
import { addRejections, noteLogMark, readCursorMark, restartPull } from '../db/sync-state.ts';
import { PUSH_MAX_OPS, type Op, type PushResponse, type Rejection } from '../shared/protocol.ts';
import { HttpFailure, fetchWithTimeout, readJson } from './http.ts';
import { syncHeaders, type SyncRequestOptions } from './request.ts';
import { parsePushResponse } from './responses.ts';

/** What a push did: ops acknowledged, rejections recorded, and devices held back by a gap or refused. */
export interface PushResult {
  acked: number;
  rejections: Rejection[];
  gaps: NonNullable<PushResponse['gap']>[];
  /** Forwarded devices whose batch the server refused whole (400): left aside, they hold back nobody. */
  refused: { deviceId: string; reason: string }[];
  /** The server said it was restored from a backup: the pull starts again from 0, forwarded ops were queued again (how many). */
  restored?: { requeued: number };
}

/**
 * Sends every waiting op, this device's first, then those it forwards for other devices, one
 * device per batch and in seq order, and removes what the server acknowledges (applied, or
 * rejected and recorded: a bad op never blocks the queue). A batch the server finds too large
 * (413) is halved, down to one op. A device whose batch gets nothing acknowledged (a gap: the
 * server misses earlier ops of that device) is left for later, without holding back the others.
 * Losing an answer is harmless: the server skips ops it has already applied.
 */
export async function push(options: SyncRequestOptions & { batchSize?: number }): Promise<PushResult> {
  const ownDeviceId = (await readIdentity(options.db))?.deviceId;
  try {
    return await pushAll(options, ownDeviceId);
  } catch (error) {
    if (!(error instanceof HttpFailure && error.status === 409 && error.code === 'cursor-unknown')) throw error;
    // The server was restored from a backup since this device last saw its log: the pull starts
    // again from 0 and what this device forwarded is queued again (restartPull), then all is sent.
    const requeued = await restartPull(options.db, ownDeviceId);
    return { ...(await pushAll(options, ownDeviceId)), restored: { requeued } };
  }
}

async function pushAll(options: SyncRequestOptions & { batchSize?: number }, ownDeviceId: string | undefined): Promise<PushResult> {
  const { db } = options;
  const result: PushResult = { acked: 0, rejections: [], gaps: [], refused: [] };
  let size = Math.max(1, Math.min(options.batchSize ?? PUSH_MAX_OPS, PUSH_MAX_OPS));
  const devices = await pendingDevices(db);
  devices.sort((a, b) => Number(b === ownDeviceId) - Number(a === ownDeviceId));
  for (const deviceId of devices) {
    for (;;) {
      const { ops: batch, waiting } = await pendingBatch(db, deviceId, size);
      if (batch.length === 0) break;
      const pending = waiting - batch.length;
      let answer: PushResponse;
      try {
        answer = await send(options, batch, pending);
      } catch (error) {
        if (error instanceof HttpFailure && error.status === 413 && size > 1) {
          size = Math.ceil(size / 2);
          continue;
        }
        // An answer that applied nothing of another device's ops (from a file): this device's own
        // ops and its pull must not wait for them. Network failures still stop the whole sync.
        if (error instanceof HttpFailure && error.status === 400 && deviceId !== ownDeviceId) {
          result.refused.push({ deviceId, reason: error.message });
          break;
        }
        throw error;
      }
      const removed = await record(options, answer, ownDeviceId, batch);
      result.acked += removed;
      result.rejections.push(...answer.rejections);
      if (answer.gap) result.gaps.push(answer.gap);
      if (removed === 0 || answer.gap) break;
    }
  }
  return result;
}

async function send(options: SyncRequestOptions, ops: Op[], pending: number): Promise<PushResponse> {
  const { db, baseUrl, token, fetchImpl, timeoutMs, signal } = options;
  // The furthest point of the log this device saw: a server restored since answers 409 (see push).
  const { seen } = await readCursorMark(db);
  const response = await fetchWithTimeout(
    `${baseUrl}/api/sync/push`,
    {
      method: 'POST',
      headers: { ...syncHeaders(token), 'content-type': 'application/json' },
      body: JSON.stringify(seen && seen.seq > 0 ? { ops, pending, seen } : { ops, pending }),
      signal,
    },
    timeoutMs,
    fetchImpl,
  );
  return parsePushResponse(await readJson(response, 'The push answer'));
}

/**
 * Removes acknowledged ops (kept 7 days in `sent`), undoes locally what the rejected ones did, keeps the rejections for
 * display and moves the clock (clock.ts), in one transaction.
 */
async function record(options: SyncRequestOptions, answer: PushResponse, ownDeviceId: string | undefined, batch: readonly Op[]): Promise<number> {
  const { db, now = Date.now } = options;
  // Announced: check-ins and answers only when a rejection undid some (the check-in screen re-reads its stage's on each).
  let undid = false;
  const announced = (): TableName[] => ['outbox', 'sent', 'meta', ...(undid ? ([...CHECKIN_TABLES, 'feedback'] as const) : [])];
  return write(db, ['outbox', 'sent', 'meta', ...CHECKIN_TABLES, 'feedback'], async (tx) => {
    const rejected = await opsById(tx, answer.rejections.map((rejection) => rejection.opId));
    undid = rejected.length > 0;
    await undoRejectedWith(recordAccess(tx), rejected);
    const removed = await ackOpsIn(tx, answer.acked, now());
    await addRejections(tx, answer.rejections);
    if (answer.seen) await noteLogMark(tx, answer.seen);
    if (ownDeviceId) {
      // The clocks of own edits the server applied: where this device's clock restarts if it was once far ahead.
      const refused = new Set(answer.rejections.map((rejection) => rejection.opId));
      const clocks = batch.filter((op) => op.deviceId === ownDeviceId && op.seq <= (answer.acked[op.deviceId] ?? 0) && !refused.has(op.opId)).map((op) => op.hlc);
      await receiveClocks(tx, ownDeviceId, { clocks, serverTime: answer.serverTime }, now());
    }
    return removed;
  }, announced);
}
