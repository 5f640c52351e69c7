import type { Role } from '../shared/protocol.ts';
import { getMeta, read, type DatabaseRef } from './idb-store.ts';
import { META, readMeta, writeMeta } from './meta.ts';
import { withDatabase } from './reliable.ts';
import type { EtapeDatabase } from './schema.ts';

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
 * new scope covers. Ops already queued keep their own device id and are still sent.
 */
export async function saveDeviceIdentity(db: EtapeDatabase, identity: DeviceIdentity): Promise<void> {
  await withDatabase(db, () =>
    db.transaction('rw', db.meta, async () => {
      const previous = await readMeta(db, META.device);
      if (!isIdentity(previous) || previous.deviceId !== identity.deviceId) await db.meta.delete(META.cursor);
      await writeMeta(db, META.device, { ...identity });
    }),
  );
}

/** "Forget this device": wipes every table, identity and waiting ops included. */
export async function forgetDevice(db: EtapeDatabase): Promise<void> {
  await withDatabase(db, () =>
    db.transaction('rw', db.tables, async () => {
      await Promise.all(db.tables.map((table) => table.clear()));
    }),
  );
}

/** Whether a stored meta value is an enrolled device's identity. */
export function isIdentity(value: unknown): value is DeviceIdentity {
  const candidate = value as Partial<DeviceIdentity> | undefined;
  return typeof candidate?.deviceId === 'string' && typeof candidate.token === 'string';
}
