import * as v from 'valibot';
import { MAX_CLOCK_LEAD_MS, decodeHlc, encodeHlc, receiveHlc, tickHlc } from '../shared/hlc.ts';
import { OP_PAYLOADS, SCHEMA_VERSION, type Op, type OpPayload, type OpType } from '../shared/protocol.ts';
import { isIdentity } from './device.ts';
import { DeviceRevokedError, InvalidWriteError, NotEnrolledError } from './errors.ts';

/**
 * How a new op is made, apart from any database: its seq, its clock tick and its validated
 * payload. Used by appendOp (outbox.ts), inside the one transaction that also writes the domain row, the next seq
 * and the clock, so that all of it commits together or not at all.
 */

/** The clock of a new local event after the stored one (the `hlc` meta value); its string form. */
function tickClock(stored: unknown, node: string, nowMs: number): string {
  return encodeHlc(tickHlc(typeof stored === 'string' ? decodeHlc(stored) : undefined, node, nowMs));
}

/**
 * The stored clock moved past a time the server reported, or undefined for an unreadable time.
 * A stored clock more than the server's limit ahead of that time (the device's date was wrong
 * once) would have every later edit refused as `clock-ahead`, for good: it restarts from `seen`,
 * the latest clock this device received or had accepted (every such clock passed the server's
 * limit, so an edit made after seeing a value still orders after it), and from its own time.
 */
export function clockAfterServerTime(stored: unknown, node: string, serverTime: string, nowMs: number, seen?: unknown): string | undefined {
  const wallMs = Date.parse(serverTime);
  if (!Number.isFinite(wallMs)) return undefined;
  let last = typeof stored === 'string' ? decodeHlc(stored) : undefined;
  if (last && last.wallMs > wallMs + MAX_CLOCK_LEAD_MS) last = typeof seen === 'string' ? decodeHlc(seen) : undefined;
  return encodeHlc(receiveHlc(last, { wallMs, counter: 0, node: 'server' }, node, nowMs));
}

/**
 * The stored clock after receiving other clocks (the field clocks of pulled records, the clocks of
 * own edits the server applied): later than all of them, so an edit made after seeing a value
 * always wins over it. Undefined when none is readable.
 */
export function clockAfterReceiving(stored: unknown, node: string, clocks: readonly string[], nowMs: number): string | undefined {
  const latest = latestClock(clocks);
  if (!latest) return undefined;
  const last = typeof stored === 'string' ? decodeHlc(stored) : undefined;
  return encodeHlc(receiveHlc(last, decodeHlc(latest)!, node, nowMs));
}

/** The latest of these encoded clocks (string order is clock order), unreadable ones ignored. */
export function latestClock(clocks: readonly unknown[]): string | undefined {
  let latest: string | undefined;
  // Compared first, parsed only when later: a pull page's 60,000 clocks are mostly equal to one before.
  for (const clock of clocks) if (typeof clock === 'string' && (!latest || clock > latest) && decodeHlc(clock)) latest = clock;
  return latest;
}

/** What one append writes: the op, the next seq to store, and the clock to store. */
export interface NewOp {
  op: Op;
  nextSeq: number;
  hlc: string;
}

/**
 * The next op of this device from what its transaction read: the identity, the stored next seq
 * (strictly +1 per device, never reused) and the stored clock. Refuses a payload outside the shared
 * schema (InvalidWriteError) and a device that is not enrolled (NotEnrolledError).
 */
export function newOp<T extends OpType>(
  device: unknown,
  storedSeq: unknown,
  storedHlc: unknown,
  type: T,
  payload: OpPayload<T>,
  nowMs: number,
): NewOp {
  const parsed = v.safeParse(OP_PAYLOADS[type], payload);
  if (!parsed.success) throw new InvalidWriteError(`Invalid ${type}: ${parsed.issues[0].message}`);
  if (!isIdentity(device)) throw new NotEnrolledError();
  if (device.revokedAt) throw new DeviceRevokedError();
  const seq = typeof storedSeq === 'number' ? storedSeq : 1;
  const hlc = tickClock(storedHlc, device.deviceId, nowMs);
  const op: Op = {
    opId: crypto.randomUUID(),
    deviceId: device.deviceId,
    seq,
    type,
    payload: parsed.output,
    hlc,
    schemaVersion: SCHEMA_VERSION,
  };
  return { op, nextSeq: seq + 1, hlc };
}
