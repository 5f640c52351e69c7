import { describe, expect, it } from 'vitest';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { forgetDevice, readDeviceIdentity, saveDeviceIdentity } from '../../../src/db/device.ts';
import { countPending } from '../../../src/db/outbox.ts';
import { readCursor } from '../../../src/db/sync-state.ts';
import { applyChanges } from '../../../src/sync/apply-changes.ts';
import { enrolledDatabase, freshDatabase, identity } from './test-db.ts';

describe('the device identity', () => {
  it('is undefined before enrolment and reads back what enrolment saved', async () => {
    const db = await freshDatabase();
    expect(await readDeviceIdentity(db)).toBeUndefined();
    await saveDeviceIdentity(db, identity());
    expect(await readDeviceIdentity(db)).toEqual(identity());
  });

  it('restarts the pull from the beginning when the device is enrolled again as another device', async () => {
    const db = await enrolledDatabase();
    await applyChanges(db, { changes: [], nextCursor: 40 });
    await saveDeviceIdentity(db, identity({ token: 'refreshed' }));
    expect(await readCursor(db)).toBe(40);
    await saveDeviceIdentity(db, identity({ deviceId: 'phone-florac-2', role: 'organizer' }));
    expect(await readCursor(db)).toBe(0);
  });

  it('"forget this device" wipes everything: identity, records and waiting ops', async () => {
    const db = await enrolledDatabase();
    await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    await forgetDevice(db);
    expect(await readDeviceIdentity(db)).toBeUndefined();
    expect(await db.checkins.count()).toBe(0);
    expect(await countPending(db)).toBe(0);
    expect(await db.meta.count()).toBe(0);
  });
});
