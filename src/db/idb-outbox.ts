import type { Op } from '../shared/protocol.ts';
import { ask, askAll, read, type DatabaseRef, type WriteTx } from './idb-store.ts';
import type { SentRow } from './schema.ts';

/**
 * The outbox as the sync engine reads and trims it, through idb-store.ts (not Dexie). Its key is [deviceId+seq]: this
 * device's ops and those it forwards from imported files. Writes that queue ops are Dexie's
 * appendOp (outbox.ts) and idb's appendOpWith (idb-writes.ts).
 */

/** Every key of one device's ops, in seq order. */
export function ownPendingRange(deviceId: string, lastSeq = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([deviceId, -Infinity], [deviceId, lastSeq]);
}

/** How many ops are waiting to be acknowledged. */
export function countPending(ref: DatabaseRef): Promise<number> {
  return read(ref, ['outbox'], (tx) => ask<number>(tx.objectStore('outbox').count()));
}

/** The devices that have ops waiting here: this one, and those whose files were imported. */
export function pendingDevices(ref: DatabaseRef): Promise<string[]> {
  return read(
    ref,
    ['outbox'],
    (tx) =>
      new Promise<string[]>((resolve, reject) => {
        const devices: string[] = [];
        const request = tx.objectStore('outbox').index('deviceId').openKeyCursor(null, 'nextunique');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const cursor = request.result;
          if (!cursor) return resolve(devices);
          devices.push(cursor.key as string);
          cursor.continue();
        };
      }),
  );
}

/** Up to `limit` waiting ops of one device, in seq order, and how many ops wait in all. */
export function pendingBatch(ref: DatabaseRef, deviceId: string, limit: number): Promise<{ ops: Op[]; waiting: number }> {
  return read(ref, ['outbox'], async (tx) => {
    const store = tx.objectStore('outbox');
    const [ops, waiting] = await Promise.all([ask<Op[]>(store.getAll(ownPendingRange(deviceId), limit)), ask<number>(store.count())]);
    return { ops, waiting };
  });
}

/** The waiting ops with these ids (those still here), inside a transaction that includes outbox. */
export async function opsById(tx: WriteTx, opIds: readonly string[]): Promise<Op[]> {
  const index = tx.objectStore('outbox').index('opId');
  const found = await Promise.all(opIds.map((opId) => ask<Op | undefined>(index.get(opId))));
  return found.filter((op): op is Op => op !== undefined);
}

/** How long acknowledged ops are kept (`sent`), to be sent again to a server restored from an older backup. */
export const KEEP_SENT_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Takes out of the outbox the ops the server acknowledged: for each device, every op with seq ≤
 * the acked seq (applied or recorded as rejected). They are kept in `sent` for at least 7 days,
 * then dropped. Returns how many left the outbox. Safe to repeat. Inside a transaction that
 * includes outbox and sent.
 */
export async function ackOpsIn(tx: WriteTx, acked: Record<string, number>, nowMs: number): Promise<number> {
  const store = tx.objectStore('outbox');
  const sent = tx.objectStore('sent');
  let removed = 0;
  for (const [deviceId, lastSeq] of Object.entries(acked)) {
    if (!Number.isInteger(lastSeq) || lastSeq < 1) continue;
    const range = ownPendingRange(deviceId, lastSeq);
    const ops = await ask<Op[]>(store.getAll(range));
    removed += ops.length;
    await askAll((send) => {
      for (const op of ops) send(sent.put({ ...op, ackedAt: nowMs }));
      send(store.delete(range));
    });
  }
  const expired = await ask<IDBValidKey[]>(sent.index('ackedAt').getAllKeys(IDBKeyRange.upperBound(nowMs - KEEP_SENT_MS, true)));
  await askAll((send) => {
    for (const key of expired) send(sent.delete(key));
  });
  return removed;
}

/**
 * Puts back into the outbox this device's acknowledged ops above `serverSeq`, the last seq the
 * server says it has handled for it: a server restored from an older backup lost them. Inside a
 * transaction that includes outbox and sent; returns how many were put back.
 */
export async function requeueLostIn(tx: WriteTx, deviceId: string, serverSeq: number): Promise<number> {
  const sent = tx.objectStore('sent');
  const range = IDBKeyRange.bound([deviceId, serverSeq], [deviceId, Infinity], true);
  const lost = await ask<SentRow[]>(sent.getAll(range));
  if (lost.length === 0) return 0;
  const outbox = tx.objectStore('outbox');
  await askAll((send) => {
    for (const { ackedAt: _ackedAt, ...op } of lost) send(outbox.put(op));
    send(sent.delete(range));
  });
  return lost.length;
}

/**
 * Puts back into the outbox every acknowledged op this device forwarded for another device (from
 * a file, or its own former identity): after a restore, the server may have lost them too, and
 * their author may never send them again. The server skips those it still has. Inside a
 * transaction that includes outbox and sent; returns how many were put back.
 */
export async function requeueForwardedIn(tx: WriteTx, ownDeviceId: string | undefined): Promise<number> {
  const sent = tx.objectStore('sent');
  const forwarded = (await ask<SentRow[]>(sent.getAll())).filter((op) => op.deviceId !== ownDeviceId);
  const outbox = tx.objectStore('outbox');
  await askAll((send) => {
    for (const { ackedAt: _ackedAt, ...op } of forwarded) {
      send(outbox.put(op));
      send(sent.delete([op.deviceId, op.seq]));
    }
  });
  return forwarded.length;
}
