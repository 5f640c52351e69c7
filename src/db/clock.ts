import { META, readMeta, writeMeta } from './meta.ts';
import { clockAfterServerTime, tickClock } from './op-logic.ts';
import type { EtapeDatabase } from './schema.ts';

/*
 * The device's hybrid logical clock lives in meta and only moves inside the transaction that
 * uses it: if that transaction fails, the clock stays where it was (nothing was sent or seen).
 * Call these inside a Dexie rw transaction that includes db.meta. The arithmetic is op-logic.ts's,
 * shared with the idb writers.
 */

/** The clock of a new local event, stored as the latest clock; returns its string form. */
export async function tickLocalClock(db: EtapeDatabase, node: string, nowMs: number): Promise<string> {
  const next = tickClock(await readMeta(db, META.hlc), node, nowMs);
  await writeMeta(db, META.hlc, next);
  return next;
}

/**
 * Moves the local clock past a time the server reported (its `serverTime`), so that the edits of
 * a device whose wall clock runs late still order after what it has already seen.
 */
export async function receiveServerTime(db: EtapeDatabase, node: string, serverTime: string, nowMs: number): Promise<void> {
  const next = clockAfterServerTime(await readMeta(db, META.hlc), node, serverTime, nowMs);
  if (next) await writeMeta(db, META.hlc, next);
}
