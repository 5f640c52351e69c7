import type { DeviceIdentity } from '../../../src/db/device.ts';
import { saveDeviceIdentity } from '../../../src/db/device.ts';
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
