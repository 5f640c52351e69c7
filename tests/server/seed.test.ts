import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBadge } from '../../src/shared/badge.ts';
import { DEMO_PARTICIPANTS } from '../../src/server/demo/demo-participants.ts';
import { demoWeekMonday, hasDemoEvent, isEmpty, removeDemoEvent, seedDemoWeek } from '../../src/server/demo/seed.ts';
import type { Database } from '../../src/server/database/connect.ts';
import { migrateToLatest } from '../../src/server/database/migrate.ts';
import { ENGINE, createMigratedDatabase, type TestDatabase } from './test-database.ts';

describe('demoWeekMonday', () => {
  it.each([
    ['2026-11-23T08:00:00Z', '2026-11-23'], // Monday: this week
    ['2026-11-26T20:00:00Z', '2026-11-23'], // Thursday evening: still this week
    ['2026-11-26T23:30:00Z', '2026-11-30'], // 00:30 on Friday in Paris: next week
    ['2026-11-28T12:00:00Z', '2026-11-30'], // Saturday: next week
    ['2026-11-29T22:59:00Z', '2026-11-30'], // Sunday 23:59 in Paris
    ['2026-03-29T12:00:00Z', '2026-03-30'], // Sunday of the change to summer time
  ])('at %s the demo week starts on %s', (now, monday) => {
    expect(demoWeekMonday(new Date(now))).toBe(monday);
  });
});

describe(`seeding the demo week (${ENGINE})`, () => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    ({ test, database } = await createMigratedDatabase());
  });
  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it('fills an empty database with the event, 8 stages, the talks and 90 participants', async () => {
    expect(await isEmpty(database.db)).toBe(true);
    const seeded = await seedDemoWeek(database.db, new Date('2026-11-25T10:00:00Z'));
    expect(seeded).toMatchObject({ monday: '2026-11-23', stages: 8, participants: 90 });
    expect(await hasDemoEvent(database.db)).toBe(true);
    const participants = await database.db.selectFrom('participants').selectAll().execute();
    expect(participants).toHaveLength(DEMO_PARTICIPANTS.length);
    expect(new Set(participants.map((p) => p.badgeCode)).size).toBe(90);
    expect(participants.some((p) => p.name.startsWith('Hélène'))).toBe(true);
    const secret = await database.db.selectFrom('eventSecrets').selectAll().executeTakeFirstOrThrow();
    expect(secret.badgePrivateKey.length).toBeGreaterThan(20);
    // Every demo badge is signed with the event's key and names its own participant.
    const event = await database.db.selectFrom('events').selectAll().executeTakeFirstOrThrow();
    for (const person of participants) {
      expect(await readBadge(person.badgeCode, event)).toEqual({ ok: true, kind: 'signed', eventId: event.id, participantId: person.id });
    }
  });

  it('replaces the demo week when asked, leaving one copy', async () => {
    await removeDemoEvent(database.db);
    expect(await isEmpty(database.db)).toBe(true);
    await seedDemoWeek(database.db, new Date('2026-11-28T10:00:00Z'));
    const events = await database.db.selectFrom('events').selectAll().execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.startsOn).toBe('2026-11-30');
    expect(await database.db.selectFrom('stages').select('id').execute()).toHaveLength(8);
  });

  it('migrating again changes nothing', async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
    expect(await database.db.selectFrom('stages').select('id').execute()).toHaveLength(8);
  });
});
