import Dexie from 'dexie';
import * as v from 'valibot';
import { OP_PAYLOADS, SCHEMA_VERSION, type Op, type OpPayload, type OpType } from '../shared/protocol.ts';
import { tickLocalClock } from './clock.ts';
import type { DeviceIdentity } from './device.ts';
import { InvalidWriteError, NotEnrolledError } from './errors.ts';
import { META, readMeta, writeMeta } from './meta.ts';
import type { EtapeDatabase } from './schema.ts';

/** The tables appendOp writes: include them in the transaction that writes the domain row. */
export function outboxTables(db: EtapeDatabase) {
  return [db.meta, db.outbox];
}

/**
 * Queues one op of this device. MUST run inside the rw transaction that writes the domain row
 * (with outboxTables(db) in its scope): the row, the op, the clock tick and the seq then commit
 * together or not at all, so the screen can say "saved" once that transaction has committed.
 * seq is strictly +1 per device and is never reused, even after the server acknowledged the op.
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
  const parsed = v.safeParse(OP_PAYLOADS[type], payload);
  if (!parsed.success) throw new InvalidWriteError(`Invalid ${type}: ${parsed.issues[0].message}`);
  const device = (await readMeta(db, META.device)) as DeviceIdentity | undefined;
  if (!device?.deviceId) throw new NotEnrolledError();

  const seqKey = META.nextSeq(device.deviceId);
  const stored = await readMeta(db, seqKey);
  const seq = typeof stored === 'number' ? stored : 1;
  await writeMeta(db, seqKey, seq + 1);
  const op: Op = {
    opId: crypto.randomUUID(),
    deviceId: device.deviceId,
    seq,
    type,
    payload: parsed.output,
    hlc: await tickLocalClock(db, device.deviceId, now()),
    schemaVersion: SCHEMA_VERSION,
  };
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
