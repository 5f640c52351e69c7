import type { Op, OpPayload, OpType } from '../shared/protocol.ts';
import { isIdentity } from './device.ts';
import { getMeta, putMeta, type WriteTx } from './database.ts';
import type { LocalTable, RecordAccess } from './local-apply.ts';
import { META } from './meta.ts';
import { newOp } from './op-logic.ts';

/**
 * Queues one op of this device inside an IndexedDB read-write transaction (idb-store.ts) that includes meta and outbox
 * (and writes the domain row): the row, the op, the next seq and the clock tick commit together or
 * not at all. The op is made by op-logic.ts's newOp, as Dexie's appendOp makes it.
 */
export async function appendOpWith<T extends OpType>(tx: WriteTx, type: T, payload: OpPayload<T>, nowMs: number): Promise<Op> {
  const device = await getMeta(tx, META.device);
  const seqKey = isIdentity(device) ? META.nextSeq(device.deviceId) : undefined;
  const storedSeq = seqKey ? await getMeta(tx, seqKey) : undefined;
  const made = newOp(device, storedSeq, await getMeta(tx, META.hlc), type, payload, nowMs);
  await putMeta(tx, seqKey!, made.nextSeq);
  await putMeta(tx, META.hlc, made.hlc);
  await tx.objectStore('outbox').add(made.op);
  return made.op;
}


/** A RecordAccess (local-apply.ts) on an IndexedDB transaction that includes the tables it touches. */
export function idbAccess(tx: WriteTx): RecordAccess {
  const store = (name: LocalTable) => tx.objectStore(name);
  return {
    get: (name, id) => store(name).get(id),
    put: (name, row) => store(name).put(row),
    delete: (name, id) => store(name).delete(id),
  };
}
