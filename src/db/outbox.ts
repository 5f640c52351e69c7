import type { Op, OpPayload, OpType } from '../shared/protocol.ts';
import { all, getMeta, putMeta, read, type DatabaseRef, type TableName, type WriteTx } from './database.ts';
import { isIdentity } from './device.ts';
import { META } from './meta.ts';
import { newOp } from './op-logic.ts';

/**
 * The outbox: the ops waiting for the server, keyed by [deviceId+seq] (this device's ops and those
 * it forwards from imported files), how a write queues one (appendOp), and how the sync engine
 * reads and trims it (push) or puts acknowledged ops back (a server restored from a backup).
 */

/** The tables appendOp writes: include them in the transaction that writes the domain row. */
export const OUTBOX_TABLES: readonly TableName[] = ['meta', 'outbox'];

/**
 * Queues one op of this device inside the read-write transaction that writes the domain row (with
 * OUTBOX_TABLES in its scope): the row, the op, the next seq and the clock tick commit together or
 * not at all, so a screen can say "saved" once that transaction has committed. seq is strictly +1
 * per device and never reused. The op itself is made by op-logic.ts's newOp.
 */
export async function appendOp<T extends OpType>(tx: WriteTx, type: T, payload: OpPayload<T>, nowMs: number): Promise<Op> {
  return (await readOpState(tx)).append(type, payload, nowMs);
}

/** What an op is made from, read inside its transaction; `append` makes the op and issues its writes. */
export interface OpState {
  /** The device's identity as stored (the op's author), or what stands there on a device not enrolled. */
  device: unknown;
  append<T extends OpType>(type: T, payload: OpPayload<T>, nowMs: number): Promise<Op>;
}

/**
 * The first half of appendOp, for a write that has reads of its own to make first: the device, its
 * next seq and the clock, read in ONE round trip (the seqs of every device this database has known
 * are few), so a scan reads all it needs at once. `append` must run in the same transaction.
 */
export async function readOpState(tx: WriteTx): Promise<OpState> {
  const meta = tx.objectStore('meta');
  const [device, seqs, hlc] = await Promise.all([getMeta(tx, META.device), meta.getAll(IDBKeyRange.bound(META.nextSeq(''), `${META.nextSeq('')}\uffff`)), getMeta(tx, META.hlc)]);
  const seqKey = isIdentity(device) ? META.nextSeq(device.deviceId) : undefined;
  const storedSeq = seqs.find((row) => row.key === seqKey)?.value;
  return {
    device,
    async append(type, payload, nowMs) {
      const made = newOp(device, storedSeq, hlc, type, payload, nowMs);
      // The three writes issued at once: each round trip to IndexedDB is time a scan or a kiosk tap waits before its answer.
      await Promise.all([putMeta(tx, seqKey!, made.nextSeq), putMeta(tx, META.hlc, made.hlc), tx.objectStore('outbox').add(made.op)]);
      return made.op;
    },
  };
}

/** Every key of one device's ops, in seq order. */
export function ownPendingRange(deviceId: string, lastSeq = Infinity): IDBKeyRange {
  return IDBKeyRange.bound([deviceId, -Infinity], [deviceId, lastSeq]);
}

/** How many ops are waiting to be acknowledged. */
export function countPending(ref: DatabaseRef): Promise<number> {
  return read(ref, ['outbox'], (tx) => tx.objectStore('outbox').count());
}

/** The devices that have ops waiting here: this one, and those whose files were imported. */
export function pendingDevices(ref: DatabaseRef): Promise<string[]> {
  return read(ref, ['outbox'], async (tx) => {
    const devices: string[] = [];
    const index = tx.objectStore('outbox').index('deviceId');
    for (let cursor = await index.openKeyCursor(null, 'nextunique'); cursor; cursor = await cursor.continue()) devices.push(cursor.key as string);
    return devices;
  });
}

/** Up to `limit` waiting ops of one device, in seq order, and how many ops wait in all. */
export function pendingBatch(ref: DatabaseRef, deviceId: string, limit: number): Promise<{ ops: Op[]; waiting: number }> {
  return read(ref, ['outbox'], async (tx) => {
    const store = tx.objectStore('outbox');
    const [ops, waiting] = await Promise.all([store.getAll(ownPendingRange(deviceId), limit), store.count()]);
    return { ops, waiting };
  });
}

/** The waiting ops with these ids (those still here), inside a transaction that includes outbox. */
export async function opsById(tx: WriteTx, opIds: readonly string[]): Promise<Op[]> {
  const index = tx.objectStore('outbox').index('opId');
  const found = await Promise.all(opIds.map((opId) => index.get(opId)));
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
    const ops = await store.getAll(range);
    removed += ops.length;
    await all((send) => {
      for (const op of ops) send(sent.put({ ...op, ackedAt: nowMs }));
      send(store.delete(range));
    });
  }
  const expired = await sent.index('ackedAt').getAllKeys(IDBKeyRange.upperBound(nowMs - KEEP_SENT_MS, true));
  await all((send) => {
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
  const lost = await sent.getAll(range);
  if (lost.length === 0) return 0;
  const outbox = tx.objectStore('outbox');
  await all((send) => {
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
  const forwarded = (await sent.getAll()).filter((op) => op.deviceId !== ownDeviceId);
  const outbox = tx.objectStore('outbox');
  await all((send) => {
    for (const { ackedAt: _ackedAt, ...op } of forwarded) {
      send(outbox.put(op));
      send(sent.delete([op.deviceId, op.seq]));
    }
  });
  return forwarded.length;
}
