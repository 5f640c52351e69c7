import type { Op, OpPayload, OpType } from '../shared/protocol.ts';
import { isIdentity } from './device.ts';
import { ask, getMeta, putMeta, type WriteTx } from './idb-store.ts';
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
  await ask(tx.objectStore('outbox').add(made.op));
  return made.op;
}

type Row = Record<string, unknown>;

/** A RecordAccess (local-apply.ts) on an IndexedDB transaction that includes the tables it touches. */
export function idbAccess(tx: WriteTx): RecordAccess {
  const store = (name: LocalTable) => tx.objectStore(name);
  return {
    get: (name, id) => ask<Row | undefined>(store(name).get(id)),
    put: (name, row) => ask(store(name).put(row)),
    delete: (name, id) => ask(store(name).delete(id)),
  };
}
