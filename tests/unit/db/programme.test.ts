import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveResult } from '../../../src/db/live-query.ts';
import { PROGRAMME_TABLES, readProgramme, saveProgramme, type StoredProgramme } from '../../../src/db/programme.ts';
import { watchQuery } from '../../../src/db/live-query.ts';
import { DeviceDatabase } from '../../support/device-database.ts';
import { saveDeviceIdentity } from '../../../src/db/device.ts';
import { sampleProgramme } from '../fixtures.ts';
import { identity } from './test-db.ts';

describe('the programme stored on the device', () => {
  let db: DeviceDatabase;
  beforeEach(async () => {
    db = new DeviceDatabase(`test-${crypto.randomUUID()}`);
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
    const db = new DeviceDatabase(`test-${crypto.randomUUID()}`);
    await saveProgramme(db, sampleProgramme(), '2026-11-25T10:00:00.000Z');
    await saveDeviceIdentity(db, identity({ eventId: 'event-1', eventSlug: 'tiers-lieux-lozere' }));
    await db.stages.update('stage-florac', { title: 'Florac (pulled)' });

    const stale = sampleProgramme();
    stale.stages = stale.stages.filter((stage) => stage.id === 'stage-langogne');
    expect(await saveProgramme(db, stale, '2026-11-25T11:00:00.000Z')).toBe(false);
    expect((await db.stages.get('stage-florac'))?.title).toBe('Florac (pulled)');
  });
});

describe('the programme saved on the device', () => {
  it('is seen by a live query (useLiveQuery) as soon as it is saved, and by one on other tables not at all', async () => {
    const db = new DeviceDatabase(`test-${crypto.randomUUID()}`);
    await db.open();
    const participants: LiveResult<number>[] = [];
    const stopOther = watchQuery(() => db.participants.count(), ['participants'], db, (result) => participants.push(result));
    const results: LiveResult<StoredProgramme | undefined>[] = [];
    const stop = watchQuery(() => readProgramme(db, 'tiers-lieux-lozere'), PROGRAMME_TABLES, db, (result) => results.push(result));
    await vi.waitFor(() => expect(results).toEqual([{ status: 'ready', value: undefined }]));

    await saveProgramme(db, sampleProgramme(), '2026-11-25T10:00:00.000Z');
    await vi.waitFor(() => {
      const last = results.at(-1);
      expect(last?.status === 'ready' && last.value?.stages.map((stage) => stage.id)).toEqual(['stage-langogne', 'stage-florac']);
    });
    stop();
    stopOther();
    expect(participants).toEqual([{ status: 'ready', value: 0 }]);
  });

  it('is all or nothing: a save that fails part-way leaves the stored programme as it was', async () => {
    const db = new DeviceDatabase(`test-${crypto.randomUUID()}`);
    await saveProgramme(db, sampleProgramme(), '2026-11-25T10:00:00.000Z');
    const before = await readProgramme(db, 'tiers-lieux-lozere');

    // Langogne dropped, Florac renamed, the event renamed: then a talk IndexedDB cannot store (no id) fails the save.
    const broken = sampleProgramme();
    broken.event.name = 'Renamed';
    broken.stages = broken.stages.filter((stage) => stage.id === 'stage-florac').map((stage) => ({ ...stage, title: 'Florac (new)' }));
    broken.talks = [{ ...broken.talks[0]!, id: undefined as unknown as string }];
    await expect(saveProgramme(db, broken, '2026-11-25T11:00:00.000Z')).rejects.toThrow();
    expect(await readProgramme(db, 'tiers-lieux-lozere')).toEqual(before);

    // A request that fails after all the others were issued (another event already has this slug): nothing of it stays either.
    const clash = sampleProgramme();
    clash.event = { ...clash.event, id: 'event-2' };
    clash.stages = [{ ...clash.stages[0]!, id: 'stage-other', eventId: 'event-2' }];
    clash.talks = [];
    await expect(saveProgramme(db, clash, '2026-11-25T12:00:00.000Z')).rejects.toThrow();
    expect(await readProgramme(db, 'tiers-lieux-lozere')).toEqual(before);
    expect(await db.stages.get('stage-other')).toBeUndefined();
    expect(await db.events.get('event-2')).toBeUndefined();
  });
});
