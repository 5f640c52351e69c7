import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { readProgramme } from '../../../src/db/programme.ts';
import { EtapeDatabase } from '../../../src/db/dexie.ts';
import { sampleProgramme } from '../fixtures.ts';

describe('the device database schema', () => {
  it('upgrades a version 1 database in place: the stored programme and participants are kept', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores({ events: 'id, &slug', stages: 'id, eventId, startsAt', talks: 'id, stageId, startsAt', participants: 'id, eventId, &badgeCode', meta: 'key' });
    const { event, stages, talks } = sampleProgramme();
    await old.table('events').put(event);
    await old.table('stages').bulkPut(stages);
    await old.table('talks').bulkPut(talks);
    await old.table('participants').put({ id: 'p-1', eventId: 'event-1', name: 'Hélène', badgeCode: 'B1' });
    await old.table('meta').put({ key: 'programme-fetched:tiers-lieux-lozere', value: '2026-11-25T10:00:00.000Z' });
    old.close();

    const db = new EtapeDatabase(name);
    await db.open();
    expect(db.verno).toBe(3);
    expect((await readProgramme(db, 'tiers-lieux-lozere'))?.stages).toHaveLength(2);
    expect(await db.participants.where('badgeCode').equals('B1').count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('accepts two participants with the same badge code rather than failing a whole pull', async () => {
    const db = new EtapeDatabase(`test-${crypto.randomUUID()}`);
    const base = { eventId: 'e', organisation: '', profile: 'other', email: null, origin: 'import', consent: false } as const;
    await db.participants.bulkPut([
      { ...base, id: 'a', name: 'A', badgeCode: 'same' },
      { ...base, id: 'b', name: 'B', badgeCode: 'same' },
    ]);
    expect(await db.participants.where('badgeCode').equals('same').count()).toBe(2);
  });
});
