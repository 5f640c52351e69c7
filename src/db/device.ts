import type { Op, Role } from '../shared/protocol.ts';
import { PendingOpsError } from './errors.ts';
import { getMeta, read, type DatabaseRef } from './database.ts';
import { META, readMeta, writeMeta } from './meta.ts';
import { withDatabase } from './reliable.ts';
import type { EtapeDatabase } from './dexie.ts';

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

/** This device's identity through idb (idb-store.ts): the app shell, the kiosk and the sync engine read it so, without Dexie. */
export async function readIdentity(ref: DatabaseRef): Promise<DeviceIdentity | undefined> {
  // A device that never stored anything is not enrolled: no need to create its database (and load Dexie).
  const value = await read(ref, ['meta'], (tx) => getMeta(tx, META.device), () => undefined);
  return isIdentity(value) ? value : undefined;
}

/** This device's identity, or undefined if it was never enrolled (or was forgotten); a Dexie read, for live queries. */
export async function readDeviceIdentity(db: EtapeDatabase): Promise<DeviceIdentity | undefined> {
  const value = await withDatabase(db, () => readMeta(db, META.device));
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
export async function saveDeviceIdentity(db: EtapeDatabase, identity: DeviceIdentity): Promise<void> {
  await withDatabase(db, async () => {
    // WebCrypto is asynchronous: sign outside the transaction, then check nothing was queued meanwhile.
    for (let attempt = 0; ; attempt += 1) {
      const { previous, ops } = await db.transaction('r', [db.meta, db.outbox], async () => {
        const stored = await readMeta(db, META.device);
        const previous = isIdentity(stored) && stored.deviceId !== identity.deviceId ? stored : undefined;
        return { previous, ops: previous ? await ownOps(db, previous.deviceId) : [] };
      });
      const forwardable = previous && previous.eventId === identity.eventId && !previous.revokedAt && previous.token;
      // Loaded only here: the app shell and the public programme read the identity without valibot.
      const signed = forwardable ? await (await import('./sign-ops.ts')).signAll(ops.filter((op) => !op.sig), previous.token) : [];
      const saved = await db.transaction('rw', [db.meta, db.outbox], async () => {
        const stored = await readMeta(db, META.device);
        const current = isIdentity(stored) && stored.deviceId !== identity.deviceId ? stored : undefined;
        if (current?.deviceId !== previous?.deviceId) return false;
        if (current && !forwardable) {
          const unexported = await unexportedCount(db);
          if (unexported > 0) throw new PendingOpsError(unexported);
        }
        if (current && forwardable) {
          const unsigned = (await ownOps(db, current.deviceId)).filter((op) => !op.sig);
          const byId = new Map(signed.map((op) => [op.opId, op]));
          if (unsigned.some((op) => !byId.has(op.opId))) return false; // queued meanwhile: sign again
          await db.outbox.bulkPut(unsigned.map((op) => byId.get(op.opId)!));
        }
        if (current) await db.meta.delete(META.cursor);
        await writeMeta(db, META.device, { ...identity });
        return true;
      });
      if (saved) return;
      if (attempt >= 5) throw new Error('The device kept writing while it was being enrolled again: try again.');
    }
  });
}

/** One device's ops in the outbox, in seq order (inside a Dexie transaction that includes outbox). */
function ownOps(db: EtapeDatabase, deviceId: string): Promise<Op[]> {
  return db.outbox.where('[deviceId+seq]').between([deviceId, -Infinity], [deviceId, Infinity], true, true).toArray();
}

/** How many waiting ops were never exported to a file (inside a Dexie transaction with meta and outbox). */
async function unexportedCount(db: EtapeDatabase): Promise<number> {
  const exported = ((await readMeta(db, META.exported)) ?? {}) as Record<string, number>;
  return db.outbox.filter((op) => op.seq > (exported[op.deviceId] ?? 0)).count();
}

/**
 * How many waiting ops a new enrolment would put at risk, known before the code is spent: those
 * of a revoked identity (the server refuses them from anyone) not exported to a file.
 */
export async function unsentAtRisk(db: EtapeDatabase): Promise<number> {
  return withDatabase(db, () =>
    db.transaction('r', [db.meta, db.outbox], async () => {
      const stored = await readMeta(db, META.device);
      return isIdentity(stored) && stored.revokedAt ? unexportedCount(db) : 0;
    }),
  );
}

/**
 * "Forget this device": wipes every table, identity and waiting ops included, once nothing waits
 * that the server did not acknowledge or that was not exported to a file (PendingOpsError).
 */
export async function forgetDevice(db: EtapeDatabase): Promise<void> {
  await withDatabase(db, () =>
    db.transaction('rw', db.tables, async () => {
      const unexported = await unexportedCount(db);
      if (unexported > 0) throw new PendingOpsError(unexported);
      await Promise.all(db.tables.map((table) => table.clear()));
    }),
  );
}

/** Whether a stored meta value is an enrolled device's identity. */
export function isIdentity(value: unknown): value is DeviceIdentity {
  const candidate = value as Partial<DeviceIdentity> | undefined;
  return typeof candidate?.deviceId === 'string' && typeof candidate.token === 'string';
}
