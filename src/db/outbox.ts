import Dexie from 'dexie';
import type { Op, OpPayload, OpType } from '../shared/protocol.ts';
import { isIdentity } from './device.ts';
import { META, readMeta, writeMeta } from './meta.ts';
import { newOp } from './op-logic.ts';
import type { EtapeDatabase } from './dexie.ts';

/** The tables appendOp writes: include them in the transaction that writes the domain row. */
export function outboxTables(db: EtapeDatabase) {
  return [db.meta, db.outbox];
}

/**
 * Queues one op of this device. MUST run inside the rw transaction that writes the domain row
 * (with outboxTables(db) in its scope): the row, the op, the clock tick and the seq then commit
 * together or not at all, so the screen can say "saved" once that transaction has committed.
 * seq is strictly +1 per device and is never reused, even after the server acknowledged the op.
 * The op itself is made by op-logic.ts's newOp, shared with the idb writer (idb-writes.ts).
 */
export async function appendOp<T extends OpType>(
  db: EtapeDatabase,
  type: T,
  payload: OpPayload<T>,
  { now = Date.now }: { now?: () => number } = {},
): Promise<Op> {
  const transaction = Dexie.currentTransaction;
  const scope = transaction?.storeNames ?? [];
  if (transaction?.mode !== 'readwrite' || !scope.includes('outbox') || !scope.includes('meta')) {
    throw new Error('appendOp must run inside a rw transaction that includes the meta and outbox tables');
  }
  const device = await readMeta(db, META.device);
  const seqKey = isIdentity(device) ? META.nextSeq(device.deviceId) : '';
  const made = newOp(device, seqKey && (await readMeta(db, seqKey)), await readMeta(db, META.hlc), type, payload, now());
  await writeMeta(db, seqKey, made.nextSeq);
  await writeMeta(db, META.hlc, made.hlc);
  const { op } = made;
  await db.outbox.add(op);
  return op;
}

/** Up to `limit` waiting ops, in (deviceId, seq) order. */
export async function pendingOps(db: EtapeDatabase, limit: number): Promise<Op[]> {
  return db.outbox.limit(limit).toArray();
}

/** Up to `limit` waiting ops of one device, in seq order. */
export async function pendingOpsOf(db: EtapeDatabase, deviceId: string, limit: number): Promise<Op[]> {
  return db.outbox.where('[deviceId+seq]').between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey]).limit(limit).toArray();
}

/** The devices that have ops waiting here: this one, and those whose files were imported. */
export async function pendingDevices(db: EtapeDatabase): Promise<string[]> {
  return (await db.outbox.orderBy('deviceId').uniqueKeys()) as string[];
}

/** How many ops are waiting to be acknowledged. */
export async function countPending(db: EtapeDatabase): Promise<number> {
  return db.outbox.count();
}

/**
 * Removes the ops the server acknowledged: for each device, every op with seq ≤ the acked seq
 * (applied or recorded as rejected). Returns how many were removed. Safe to repeat.
 */
export async function ackOps(db: EtapeDatabase, acked: Record<string, number>): Promise<number> {
  return db.transaction('rw', db.outbox, async () => {
    let removed = 0;
    for (const [deviceId, lastSeq] of Object.entries(acked)) {
      if (!Number.isInteger(lastSeq) || lastSeq < 1) continue;
      removed += await db.outbox.where('[deviceId+seq]').between([deviceId, Dexie.minKey], [deviceId, lastSeq], true, true).delete();
    }
    return removed;
  });
}
