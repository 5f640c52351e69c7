import { describe, expect, it } from 'vitest';
import { saveProgramme } from '../../../../src/db/programme.ts';
import type { CheckinRow, ParticipantRow } from '../../../../src/db/schema.ts';
import { readParticipantDetail } from '../../../../src/features/participants/participant-detail.ts';
import { freshDatabase } from '../../db/test-db.ts';
import { sampleProgramme } from '../../fixtures.ts';

/* A participant's page reads their check-ins through the check-in store (src/db/checkin-store.ts), stage by stage of their event. */

const person = (id: string): ParticipantRow => ({ id, eventId: 'event-1', name: `Personne ${id}`, organisation: '', profile: 'other', email: null, badgeCode: `E1.${id}.sig`, origin: 'import', consent: true });

function checkin(id: string, participantId: string, stageId: string, minute: number, voided: 0 | 1 = 0): CheckinRow {
  const at = new Date(Date.UTC(2026, 10, 26, 13, minute)).toISOString();
  return { id, participantId, stageId, deviceId: 'phone-1', scannedAt: at, receivedAt: null, method: 'camera', voided, voidedAt: voided ? at : null };
}

describe("a participant's page", () => {
  it('lists their check-ins at every stage of their event, voided ones included, earliest first, and no one else’s', async () => {
    const db = await freshDatabase();
    await saveProgramme(db, sampleProgramme(), '2026-11-25T09:00:00.000Z');
    await db.participants.bulkPut([person('p-1'), person('p-2')]);
    // In several blocks: a page of others' check-ins in between.
    await db.checkins.bulkPut([checkin('c-3', 'p-1', 'stage-langogne', 30), ...Array.from({ length: 150 }, (_, n) => checkin(`x-${n}`, 'p-2', 'stage-florac', n % 60))]);
    await db.checkins.bulkPut([checkin('c-1', 'p-1', 'stage-florac', 5), checkin('c-2', 'p-1', 'stage-florac', 10, 1)]);
    const detail = await readParticipantDetail(db, 'p-1');
    expect(detail.person?.name).toBe('Personne p-1');
    expect(detail.event?.id).toBe('event-1');
    expect(detail.checkins.map((row) => [row.id, row.stageId, row.voided])).toEqual([
      ['c-1', 'stage-florac', 0],
      ['c-2', 'stage-florac', 1],
      ['c-3', 'stage-langogne', 0],
    ]);
    expect([...detail.stages.keys()].sort()).toEqual(['stage-florac', 'stage-langogne']);
  });

  it('shows nothing for someone the device does not hold', async () => {
    const db = await freshDatabase();
    expect(await readParticipantDetail(db, 'p-none')).toEqual({ person: undefined, checkins: [], stages: new Map(), event: undefined });
  });
});
