import { getMeta, putMeta, type WriteTx } from './database.ts';
import { META } from './meta.ts';
import { clockAfterReceiving, clockAfterServerTime, latestClock } from './op-logic.ts';

/**
 * Moves this device's hybrid clock with what a sync answer brought, inside that answer's
 * transaction (with meta in scope): past the clocks received (pulled field clocks,
 * own edits applied), which are also remembered as `hlc-seen`, then past the server's time.
 */
export async function receiveClocks(tx: WriteTx, node: string, received: { clocks?: readonly string[]; serverTime?: string }, nowMs: number): Promise<void> {
  let stored = await getMeta(tx, META.hlc);
  let seen = await getMeta(tx, META.hlcSeen);
  const clocks = received.clocks ?? [];
  const latest = latestClock([...clocks, seen]);
  if (clocks.length > 0 && latest !== undefined && latest !== seen) {
    seen = latest;
    await putMeta(tx, META.hlcSeen, latest);
    stored = clockAfterReceiving(stored, node, [latest], nowMs) ?? stored;
  }
  if (received.serverTime) stored = clockAfterServerTime(stored, node, received.serverTime, nowMs, seen) ?? stored;
  if (stored !== undefined) await putMeta(tx, META.hlc, stored);
}
