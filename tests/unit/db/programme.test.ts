import { beforeEach, describe, expect, it } from 'vitest';
import { readProgramme, saveProgramme } from '../../../src/db/programme.ts';
import { EtapeDatabase } from '../../../src/db/schema.ts';
import { saveDeviceIdentity } from '../../../src/db/device.ts';
import { sampleProgramme } from '../fixtures.ts';
import { identity } from './test-db.ts';

describe('the programme stored on the device', () => {
  let db: EtapeDatabase;
  beforeEach(async () => {
    db = new EtapeDatabase(`test-${crypto.randomUUID()}`);
    await db.open();
  });

  it('is undefined before the first fetch', async () => {
    expect(await readProgramme(db, 'tiers-lieux-lozere')).toBeUndefined();
  });

  it('reads back what was saved, stages and talks in time order, with the time of the fetch', async () => {
    await saveProgramme(db, sampleProgramme(), '2026-11-25T10:00:01.000Z');
    const stored = await readProgramme(db, 'tiers-lieux-lozere');
    expect(stored?.event.name).toBe('Semaine des tiers-lieux en Lozère');
    expect(stored?.stages.map((stage) => stage.id)).toEqual(['stage-langogne', 'stage-florac']);
    expect(stored?.talks.map((talk) => talk.id)).toEqual(['talk-1']);
    expect(stored?.fetchedAt).toBe('2026-11-25T10:00:01.000Z');
  });

  it('drops stages and talks the server no longer lists, and keeps changes to the others', async () => {
    await saveProgramme(db, sampleProgramme(), '2026-11-25T10:00:00.000Z');
    const next = sampleProgramme();
    next.stages = next.stages.filter((stage) => stage.id === 'stage-florac');
    next.stages[0]!.startsAt = '2026-11-26T14:00:00.000Z';
    next.talks = [];
    await saveProgramme(db, next, '2026-11-25T11:00:00.000Z');
    const stored = await readProgramme(db, 'tiers-lieux-lozere');
    expect(stored?.stages.map((stage) => [stage.id, stage.startsAt])).toEqual([
      ['stage-florac', '2026-11-26T14:00:00.000Z'],
    ]);
    expect(stored?.talks).toEqual([]);
    expect(await db.talks.count()).toBe(0);
  });
});

describe('the public programme on an enrolled device', () => {
  it('leaves the event the device syncs to sync: a public copy never overwrites it', async () => {
    const db = new EtapeDatabase(`test-${crypto.randomUUID()}`);
    await saveProgramme(db, sampleProgramme(), '2026-11-25T10:00:00.000Z');
    await saveDeviceIdentity(db, identity({ eventId: 'event-1', eventSlug: 'tiers-lieux-lozere' }));
    await db.stages.update('stage-florac', { title: 'Florac (pulled)' });

    const stale = sampleProgramme();
    stale.stages = stale.stages.filter((stage) => stage.id === 'stage-langogne');
    expect(await saveProgramme(db, stale, '2026-11-25T11:00:00.000Z')).toBe(false);
    expect((await db.stages.get('stage-florac'))?.title).toBe('Florac (pulled)');
  });
});
