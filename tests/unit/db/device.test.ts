import { describe, expect, it } from 'vitest';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { forgetDevice, readIdentity, saveDeviceIdentity } from '../../../src/db/device.ts';
import { PendingOpsError } from '../../../src/db/errors.ts';
import { exportPendingOps } from '../../../src/db/ops-file.ts';
import { signOp, signingKeyOf } from '../../../src/shared/op-signature.ts';
import { countPending } from '../../../src/db/outbox.ts';
import { readCursorMark } from '../../../src/db/sync-state.ts';
import { applyChanges } from '../../../src/sync/apply-changes.ts';
import { enrolledDatabase, freshDatabase, identity } from './test-db.ts';

describe('the device identity', () => {
  it('is undefined before enrolment and reads back what enrolment saved', async () => {
    const db = await freshDatabase();
    expect(await readIdentity(db)).toBeUndefined();
    await saveDeviceIdentity(db, identity());
    expect(await readIdentity(db)).toEqual(identity());
  });

  it('restarts the pull from the beginning when the device is enrolled again as another device', async () => {
    const db = await enrolledDatabase();
    await applyChanges(db, { changes: [], nextCursor: 40 });
    await saveDeviceIdentity(db, identity({ token: 'refreshed' }));
    expect((await readCursorMark(db)).cursor).toBe(40);
    await saveDeviceIdentity(db, identity({ deviceId: 'phone-florac-2', role: 'organizer' }));
    expect((await readCursorMark(db)).cursor).toBe(0);
  });

  it('enrolled again in the same event, keeps the old identity\'s waiting ops, signed with its token, to be sent', async () => {
    const db = await enrolledDatabase();
    await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    await saveDeviceIdentity(db, identity({ deviceId: 'phone-florac-2', token: 'token-2' }));
    const [kept] = await db.outbox.toArray();
    expect(kept).toMatchObject({ deviceId: 'phone-florac', seq: 1 });
    const { sig, ...unsigned } = kept!;
    expect(sig).toBe(await signOp(unsigned, await signingKeyOf('token-florac')));
    expect((await readIdentity(db))?.deviceId).toBe('phone-florac-2');
  });

  it('refuses, in words, an enrolment in another event while ops of this one wait, until they are exported', async () => {
    const db = await enrolledDatabase();
    await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    const other = identity({ deviceId: 'phone-2', eventId: 'event-2', token: 'token-2' });
    const refusal = await saveDeviceIdentity(db, other).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PendingOpsError);
    expect(refusal).toMatchObject({ waiting: 1, message: expect.stringContaining('1 op') });
    expect((await readIdentity(db))?.deviceId).toBe('phone-florac');
    expect(await countPending(db)).toBe(1);
    await exportPendingOps(db);
    await saveDeviceIdentity(db, other);
    expect((await readIdentity(db))?.deviceId).toBe('phone-2');
    expect(await countPending(db)).toBe(1);
  });

  it('"forget this device" is refused while ops wait that were neither sent nor exported', async () => {
    const db = await enrolledDatabase();
    await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    await expect(forgetDevice(db)).rejects.toBeInstanceOf(PendingOpsError);
    expect(await countPending(db)).toBe(1);
    await exportPendingOps(db);
    await recordCheckin(db, { participantId: 'p-2', stageId: 'stage-florac', method: 'camera' });
    await expect(forgetDevice(db)).rejects.toMatchObject({ waiting: 1 });
    expect(await countPending(db)).toBe(2);
  });

  it('"forget this device" wipes everything once the waiting ops are exported: identity, records and waiting ops', async () => {
    const db = await enrolledDatabase();
    await recordCheckin(db, { participantId: 'p-1', stageId: 'stage-florac', method: 'camera' });
    await exportPendingOps(db);
    await forgetDevice(db);
    expect(await readIdentity(db)).toBeUndefined();
    expect(await db.checkins.count()).toBe(0);
    expect(await countPending(db)).toBe(0);
    expect(await db.meta.count()).toBe(0);
  });
});
