import { beforeEach, describe, expect, it } from 'vitest';
import { recordCheckin, voidCheckin } from '../../../../src/db/checkins.ts';
import { saveDeviceIdentity } from '../../../../src/db/device.ts';
import { EtapeDatabase } from '../../../../src/db/schema.ts';
import { earlierCheckin, stagePresence } from '../../../../src/features/checkin/presence.ts';

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
  let db: EtapeDatabase;
  beforeEach(async () => {
    db = new EtapeDatabase(`test-${crypto.randomUUID()}`);
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
    const presence = await stagePresence(db, 'florac', people);
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
});
