import type { Op, Role } from '../shared/protocol.ts';
import { TABLES } from './schema.ts';
import { PendingOpsError } from './errors.ts';
import { getMeta, putMeta, read, write, type DatabaseRef, type ReadTx } from './database.ts';
import { META } from './meta.ts';

/** Who this device is for the server: set by enrolment, read by every write and by sync. */
export interface DeviceIdentity {
  deviceId: string;
  token: string;
  role: Role;
  name: string;
  eventId: string;
  eventSlug: string;
  stageId: string | null;
  /** A participant's phone enrolled through a stage poster: it only leaves feedback on that stage. */
  poster?: boolean;
  /** When the server said this device was revoked: its token is erased (''), its waiting ops kept for export. */
  revokedAt?: string;
}

/** This device's identity, or undefined if it was never enrolled (or was forgotten). */
export async function readIdentity(ref: DatabaseRef): Promise<DeviceIdentity | undefined> {
  // A device that never stored anything is not enrolled: no need to create its database.
  const value = await read(ref, ['meta'], (tx) => getMeta(tx, META.device), () => undefined);
  return isIdentity(value) ? value : undefined;
}

/**
 * Stores the identity returned by enrolment. A new device id means a new enrolment (perhaps with
 * another role or event): the pull cursor restarts at 0 so the device receives everything its
 * new scope covers. Nothing waiting is dropped: the former identity's own ops are signed with its
 * token and stay queued, so that the new identity forwards them like ops from a file (the server
 * applies them under their author, in this same event). Enrolling in another event, or after the
 * former identity was revoked, would get them refused there: that is refused (PendingOpsError)
 * while ops wait that were not exported to a file.
 */
export async function saveDeviceIdentity(ref: DatabaseRef, identity: DeviceIdentity): Promise<void> {
  // WebCrypto is asynchronous: sign outside the transaction, then check nothing was queued meanwhile.
  for (let attempt = 0; ; attempt += 1) {
    const { previous, ops } = await read(ref, ['meta', 'outbox'], async (tx) => {
      const previous = await formerIdentity(tx, identity);
      return { previous, ops: previous ? await ownOps(tx, previous.deviceId) : [] };
    });
    const forwardable = previous && previous.eventId === identity.eventId && !previous.revokedAt && previous.token;
    // Loaded only here: the app shell and the public programme read the identity without valibot.
    const signed = forwardable ? await (await import('./sign-ops.ts')).signAll(ops.filter((op) => !op.sig), previous.token) : [];
    const saved = await write(ref, ['meta', 'outbox'], async (tx) => {
      const current = await formerIdentity(tx, identity);
      if (current?.deviceId !== previous?.deviceId) return false;
      if (current && !forwardable) {
        const unexported = await unexportedCount(tx);
        if (unexported > 0) throw new PendingOpsError(unexported);
      }
      if (current && forwardable) {
        const unsigned = (await ownOps(tx, current.deviceId)).filter((op) => !op.sig);
        const byId = new Map(signed.map((op) => [op.opId, op]));
        if (unsigned.some((op) => !byId.has(op.opId))) return false; // queued meanwhile: sign again
        for (const op of unsigned) await tx.objectStore('outbox').put(byId.get(op.opId)!);
      }
      if (current) await tx.objectStore('meta').delete(META.cursor);
      await putMeta(tx, META.device, { ...identity });
      return true;
    });
    if (saved) return;
    if (attempt >= 5) throw new Error('The device kept writing while it was being enrolled again: try again.');
  }
}

/** The stored identity when it is another device id than `next` (a former enrolment), inside a transaction with meta. */
async function formerIdentity(tx: ReadTx, next: DeviceIdentity): Promise<DeviceIdentity | undefined> {
  const stored = await getMeta(tx, META.device);
  return isIdentity(stored) && stored.deviceId !== next.deviceId ? stored : undefined;
}

/** One device's ops in the outbox, in seq order (inside a transaction that includes outbox). */
function ownOps(tx: ReadTx, deviceId: string): Promise<Op[]> {
  return tx.objectStore('outbox').getAll(IDBKeyRange.bound([deviceId, -Infinity], [deviceId, Infinity]));
}

/** How many waiting ops were never exported to a file (inside a transaction with meta and outbox). */
async function unexportedCount(tx: ReadTx): Promise<number> {
  const exported = ((await getMeta(tx, META.exported)) ?? {}) as Record<string, number>;
  return (await tx.objectStore('outbox').getAll()).filter((op) => op.seq > (exported[op.deviceId] ?? 0)).length;
}

/**
 * How many waiting ops a new enrolment would put at risk, known before the code is spent: those
 * of a revoked identity (the server refuses them from anyone) not exported to a file.
 */
export function unsentAtRisk(ref: DatabaseRef): Promise<number> {
  return read(ref, ['meta', 'outbox'], async (tx) => {
    const stored = await getMeta(tx, META.device);
    return isIdentity(stored) && stored.revokedAt ? unexportedCount(tx) : 0;
  });
}

/**
 * "Forget this device": wipes every table, identity and waiting ops included, once nothing waits
 * that the server did not acknowledge or that was not exported to a file (PendingOpsError).
 */
export async function forgetDevice(ref: DatabaseRef): Promise<void> {
  await write(ref, TABLES, async (tx) => {
    const unexported = await unexportedCount(tx);
    if (unexported > 0) throw new PendingOpsError(unexported);
    await Promise.all(TABLES.map((table) => tx.objectStore(table).clear()));
  });
}

/** Whether a stored meta value is an enrolled device's identity. */
export function isIdentity(value: unknown): value is DeviceIdentity {
  const candidate = value as Partial<DeviceIdentity> | undefined;
  return typeof candidate?.deviceId === 'string' && typeof candidate.token === 'string';
}
