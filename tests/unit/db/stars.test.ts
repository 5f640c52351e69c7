import { beforeEach, describe, expect, it } from 'vitest';
import { markProgrammeSeen, readSeenProgramme, snapshotOf } from '../../../src/db/programme-seen.ts';
import { DeviceDatabase } from '../../support/device-database.ts';
import { readStars, toggleStar } from '../../../src/db/stars.ts';
import { sampleProgramme } from '../fixtures.ts';

describe('stars and the programme as last seen, kept on the device', () => {
  let db: DeviceDatabase;
  beforeEach(async () => {
    db = new DeviceDatabase(`test-${crypto.randomUUID()}`);
    await db.open();
  });

  it('stars and unstars a talk, per event, without needing an enrolment', async () => {
    expect(await readStars(db, 'tiers-lieux-lozere')).toEqual([]);
    expect(await toggleStar(db, 'tiers-lieux-lozere', 'talk-1')).toBe(true);
    expect(await toggleStar(db, 'tiers-lieux-lozere', 'talk-2')).toBe(true);
    expect(await readStars(db, 'tiers-lieux-lozere')).toEqual(['talk-1', 'talk-2']);
    expect(await readStars(db, 'another-event')).toEqual([]);
    expect(await toggleStar(db, 'tiers-lieux-lozere', 'talk-1')).toBe(false);
    expect(await readStars(db, 'tiers-lieux-lozere')).toEqual(['talk-2']);
    expect(await db.outbox.count()).toBe(0); // never synced
  });

  it('keeps the snapshot of the programme last shown until it is replaced', async () => {
    const { stages, talks } = sampleProgramme();
    expect(await readSeenProgramme(db, 'tiers-lieux-lozere')).toBeUndefined();
    await markProgrammeSeen(db, 'tiers-lieux-lozere', snapshotOf(stages, talks));
    const seen = await readSeenProgramme(db, 'tiers-lieux-lozere');
    expect(Object.keys(seen!.stages).sort()).toEqual(['stage-florac', 'stage-langogne']);
    expect(seen!.talks['talk-1']).toEqual({ stageId: 'stage-langogne', title: 'Géolocalisation commerciale', startsAt: '2026-11-23T13:45:00.000Z', endsAt: '2026-11-23T15:15:00.000Z' });
  });
});
