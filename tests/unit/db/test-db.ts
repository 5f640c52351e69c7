import type { DeviceIdentity } from '../../../src/db/device.ts';
import { saveDeviceIdentity } from '../../../src/db/device.ts';
import { VERSIONS, type TableName } from '../../../src/db/schema.ts';
import { DeviceDatabase } from '../../support/device-database.ts';

/** A fresh, opened device database of its own. */
export async function freshDatabase(): Promise<DeviceDatabase> {
  return new DeviceDatabase().open();
}

/** An animator's identity on the demo event, as enrolment stores it. */
export function identity(overrides: Partial<DeviceIdentity> = {}): DeviceIdentity {
  return {
    deviceId: 'phone-florac',
    token: 'token-florac',
    role: 'animator',
    name: 'Phone Florac',
    eventId: 'event-1',
    eventSlug: 'tiers-lieux-lozere',
    stageId: 'stage-florac',
    ...overrides,
  };
}

/** A fresh database of an enrolled device. */
export async function enrolledDatabase(overrides: Partial<DeviceIdentity> = {}): Promise<DeviceDatabase> {
  const db = await freshDatabase();
  await saveDeviceIdentity(db, identity(overrides));
  return db;
}

/**
 * A database as the builds of schema `version` left it (the steps of src/db/schema.ts up to it),
 * then filled by `fill` in one transaction over `tables`, as those builds wrote them, and closed.
 */
export function databaseAt(name: string, version: number, tables: readonly TableName[], fill: (tx: IDBTransaction) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => {
      for (const step of VERSIONS) if (step.version <= version) step.upgrade(request.result, request.transaction!);
    };
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction([...tables], 'readwrite');
      fill(tx);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}
