import { decodeHlc, encodeHlc, receiveHlc, tickHlc, type Hlc } from '../shared/hlc.ts';
import { META, readMeta, writeMeta } from './meta.ts';
import type { EtapeDatabase } from './schema.ts';

/*
 * The device's hybrid logical clock lives in meta and only moves inside the transaction that
 * uses it: if that transaction fails, the clock stays where it was (nothing was sent or seen).
 * Call these inside a rw transaction that includes db.meta.
 */

async function lastClock(db: EtapeDatabase): Promise<Hlc | undefined> {
  const value = await readMeta(db, META.hlc);
  return typeof value === 'string' ? decodeHlc(value) : undefined;
}

/** The clock of a new local event, stored as the latest clock; returns its string form. */
export async function tickLocalClock(db: EtapeDatabase, node: string, nowMs: number): Promise<string> {
  const next = encodeHlc(tickHlc(await lastClock(db), node, nowMs));
  await writeMeta(db, META.hlc, next);
  return next;
}

/**
 * Moves the local clock past a time the server reported (its `serverTime`), so that the edits of
 * a device whose wall clock runs late still order after what it has already seen.
 */
export async function receiveServerTime(db: EtapeDatabase, node: string, serverTime: string, nowMs: number): Promise<void> {
  const wallMs = Date.parse(serverTime);
  if (!Number.isFinite(wallMs)) return;
  const next = receiveHlc(await lastClock(db), { wallMs, counter: 0, node: 'server' }, node, nowMs);
  await writeMeta(db, META.hlc, encodeHlc(next));
}
