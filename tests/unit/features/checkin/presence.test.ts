import { beforeEach, describe, expect, it } from 'vitest';
import { recordCheckin, voidCheckin } from '../../../../src/db/checkins.ts';
import { saveDeviceIdentity } from '../../../../src/db/device.ts';
import { DeviceDatabase } from '../../../support/device-database.ts';
import { earlierCheckin, presenceReader } from '../../../../src/features/checkin/presence.ts';
import { applyChanges } from '../../../../src/sync/apply-changes.ts';

const person = (id: string, origin: 'import' | 'walk-in' = 'import') => ({
  id,
  eventId: 'event-1',
  name: id,
  organisation: '',
  profile: 'other' as const,
  email: null,
  badgeCode: `badge-${id}`,
  origin,
  consent: true,
});

describe('presence at a stage', () => {
  let db: DeviceDatabase;
  beforeEach(async () => {
    db = new DeviceDatabase(`test-${crypto.randomUUID()}`);
    await saveDeviceIdentity(db, { deviceId: 'phone-1', token: 't', role: 'animator', name: 'Téléphone', eventId: 'event-1', eventSlug: 's', stageId: null });
    await db.participants.bulkPut([person('a'), person('b'), person('c', 'walk-in')]);
  });

  it('counts a person once however often they are scanned, and never a voided scan', async () => {
    let minute = 0;
    const at = () => new Date(Date.UTC(2026, 10, 26, 13, (minute += 1)));
    const first = await recordCheckin(db, { participantId: 'a', stageId: 'florac', method: 'camera' }, at);
    await recordCheckin(db, { participantId: 'a', stageId: 'florac', method: 'camera' }, at);
    const wrong = await recordCheckin(db, { participantId: 'b', stageId: 'florac', method: 'search' }, at);
    await voidCheckin(db, wrong.id, at);
    await recordCheckin(db, { participantId: 'c', stageId: 'florac', method: 'walk-in' }, at);
    await recordCheckin(db, { participantId: 'b', stageId: 'chanac', method: 'camera' }, at);

    const people = new Map((await db.participants.toArray()).map((p) => [p.id, p]));
    const presence = await presenceReader(db, 'florac')(people);
    // Registered: a and b; c came as a walk-in and is counted as one where present.
    expect(presence).toMatchObject({ present: 2, registered: 2, walkIns: 1, scans: 3 });
    expect(presence.recent.map((row) => [row.participant?.id, row.checkin.voided])).toEqual([
      ['c', 0],
      ['b', 1],
      ['a', 0],
      ['a', 0],
    ]);
    expect((await earlierCheckin(db, 'florac', 'a'))?.id).toBe(first.id);
    expect(await earlierCheckin(db, 'florac', 'b')).toBeUndefined();
  });

  it('keeps counting right when read again: a scan, an undo, and an older check-in from another door', async () => {
    let minute = 0;
    const at = () => new Date(Date.UTC(2026, 10, 26, 13, (minute += 1)));
    const people = new Map((await db.participants.toArray()).map((p) => [p.id, p]));
    const read = presenceReader(db, 'florac', 2);
    const first = await recordCheckin(db, { participantId: 'a', stageId: 'florac', method: 'camera' }, at);
    expect(await read(people)).toMatchObject({ present: 1, scans: 1 });
    await recordCheckin(db, { participantId: 'b', stageId: 'florac', method: 'camera' }, at);
    await voidCheckin(db, first.id, at);
    // Pulled: a scan made earlier at another door, which reached this device only now.
    const data = { id: 'c-door-2', participantId: 'c', stageId: 'florac', deviceId: 'phone-2', scannedAt: '2026-11-26T12:00:00.000Z', receivedAt: '2026-11-26T13:30:00.000Z', method: 'camera', voided: false, voidedAt: null };
    await applyChanges(db, { changes: [{ seq: 1, entity: 'checkin', id: data.id, deleted: false, data }], nextCursor: 1 });
    const presence = await read(people);
    expect(presence).toMatchObject({ present: 2, walkIns: 1, scans: 2, registered: 2 });
    expect(presence.recent.map((row) => [row.participant?.id, row.checkin.voided])).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
  });

  it('counts a walk-in only while a check-in of theirs stands here, and what a pull deletes no more', async () => {
    let minute = 0;
    const at = () => new Date(Date.UTC(2026, 10, 26, 13, (minute += 1)));
    const read = presenceReader(db, 'florac');
    const walkIn = await recordCheckin(db, { participantId: 'c', stageId: 'florac', method: 'walk-in' }, at);
    await recordCheckin(db, { participantId: 'c', stageId: 'chanac', method: 'camera' }, at);
    const people = new Map((await db.participants.toArray()).map((p) => [p.id, p]));
    expect(await read(people)).toMatchObject({ present: 1, walkIns: 1, scans: 1 });
    await voidCheckin(db, walkIn.id, at);
    // Present elsewhere (chanac) is not present here.
    expect(await read(people)).toMatchObject({ present: 0, walkIns: 0, scans: 0 });

    // A walk-in registered on another phone: the screen's participants list comes with them, then their check-in.
    await db.participants.put(person('d', 'walk-in'));
    const data = { id: 'd-door-2', participantId: 'd', stageId: 'florac', deviceId: 'phone-2', scannedAt: '2026-11-26T12:00:00.000Z', receivedAt: '2026-11-26T13:30:00.000Z', method: 'walk-in', voided: false, voidedAt: null };
    await applyChanges(db, { changes: [{ seq: 1, entity: 'checkin', id: data.id, deleted: false, data }], nextCursor: 1 });
    // A check-in for someone this device does not hold yet counts as present, not as a walk-in.
    const stranger = { ...data, id: 'x-door-2', participantId: 'x', method: 'camera' };
    await applyChanges(db, { changes: [{ seq: 2, entity: 'checkin', id: stranger.id, deleted: false, data: stranger }], nextCursor: 2 });
    expect(await read(people)).toMatchObject({ present: 2, walkIns: 0, scans: 2 });
    const morePeople = new Map((await db.participants.toArray()).map((p) => [p.id, p]));
    expect(await read(morePeople)).toMatchObject({ present: 2, walkIns: 1, scans: 2, registered: 2 });

    // The server deletes the walk-in's check-in (undone): gone from every count.
    await applyChanges(db, { changes: [{ seq: 3, entity: 'checkin', id: data.id, deleted: true, data: null }], nextCursor: 3 });
    expect(await read(morePeople)).toMatchObject({ present: 1, walkIns: 0, scans: 1 });
  });

  it('names a check-in of someone the screen does not hold yet (a walk-in just registered) from the device', async () => {
    const screenHolds = new Map((await db.participants.toArray()).map((p) => [p.id, p]));
    await db.participants.put(person('d', 'walk-in'));
    await recordCheckin(db, { participantId: 'd', stageId: 'florac', method: 'walk-in' });
    const presence = await presenceReader(db, 'florac')(screenHolds);
    expect(presence.recent.map((row) => row.participant?.name)).toEqual(['d']);
  });
});
