import { beforeEach, describe, expect, it } from 'vitest';

import type { DeviceDatabase } from '../../support/device-database.ts';
import { registerWalkIn } from '../../../src/db/walk-ins.ts';
import { enrolledDatabase } from './test-db.ts';

const walkIn = { name: ' Noël Pradal ', organisation: 'Mairie de Florac', profile: 'elected-official' as const, consent: true };

describe('walk-ins registered on the spot', () => {
  let db: DeviceDatabase;
  beforeEach(async () => {
    db = await enrolledDatabase();
  });

  it('writes the participant and the check-in, with their two ops, in one commit', async () => {
    const at = new Date('2026-11-26T13:05:00.000Z');
    const { participant, checkin } = await registerWalkIn(db, walkIn, 'stage-florac', () => at);
    expect(participant).toMatchObject({ eventId: 'event-1', name: 'Noël Pradal', origin: 'walk-in', badgeCode: `W1.event-1.${participant.id}` });
    expect(await db.participants.get(participant.id)).toEqual(participant);
    expect(await db.checkins.get(checkin.id)).toMatchObject({ participantId: participant.id, stageId: 'stage-florac', method: 'walk-in', scannedAt: at.toISOString() });
    const ops = await db.outbox.toArray();
    expect(ops.map((op) => op.type)).toEqual(['participant.set', 'checkin.record']);
    expect(ops[0]!.payload).toEqual({
      id: participant.id,
      fields: { name: 'Noël Pradal', organisation: 'Mairie de Florac', profile: 'elected-official', email: null, badgeCode: participant.badgeCode, origin: 'walk-in', consent: true },
    });
  });

  it('all or nothing: a check-in that cannot be written leaves no participant and no op', async () => {
    await expect(registerWalkIn(db, walkIn, 'bad\u0000stage')).rejects.toThrow();
    expect(await db.participants.count()).toBe(0);
    expect(await db.checkins.count()).toBe(0);
    expect(await db.outbox.toArray()).toEqual([]);
  });

  it('refuses a walk-in without a name', async () => {
    await expect(registerWalkIn(db, { ...walkIn, name: '  ' }, 'stage-florac')).rejects.toThrow();
    expect(await db.participants.count()).toBe(0);
  });
});
