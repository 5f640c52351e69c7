import { describe, expect, it } from 'vitest';
import { readKioskSettings, updateKioskSettings } from '../../../src/db/kiosk-settings.ts';
import { DeviceDatabase } from '../../support/device-database.ts';

describe('a kiosk’s own settings', () => {
  it('start empty, keep each change, and keep the PIN lockout across a reopening of the database', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const db = new DeviceDatabase(name);
    expect(await readKioskSettings(db)).toEqual({ pin: null, stageId: null, pinMisses: 0, pinLockedUntil: 0 });
    await updateKioskSettings(db, { stageId: 'stage-chanac' });
    await updateKioskSettings(db, { pinMisses: 0, pinLockedUntil: 1_800_000_000_000 });
    db.close();
    const reopened = new DeviceDatabase(name); // a reload of the kiosk page
    expect(await readKioskSettings(reopened)).toMatchObject({ stageId: 'stage-chanac', pinLockedUntil: 1_800_000_000_000 });
  });
});
