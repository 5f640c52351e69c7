import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/server/cli.ts';
import { createEvent } from '../../../src/server/events/create-event.ts';
import { purgeDueEvents } from '../../../src/server/events/retention.ts';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { DEMO_PARTICIPANTS } from '../../../src/server/demo/demo-participants.ts';
import { ENGINE } from '../test-database.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { checkin, demoIds, enrolDevice } from '../sync-fixtures.ts';

async function run(t: TestApp, argv: string[], answer: string) {
  for (const [name, value] of Object.entries(t.test.env)) vi.stubEnv(name, value);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, (line) => out.push(line), (line) => err.push(line), async (question) => (out.push(question), answer));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const count = (t: TestApp, table: 'participants' | 'checkins' | 'stages', eventId: string) =>
  t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('eventId', '=', eventId).executeTakeFirst().then((row) => Number(row?.n));

describe(`purging personal data and deleting an event (${ENGINE})`, () => {
  let t: TestApp;
  let demoId: string;
  let otherId: string;
  beforeAll(async () => {
    t = await createTestApp();
    ({ eventId: demoId } = await seedDemoWeek(t.database.db));
    ({ eventId: otherId } = await createEvent(t.database.db, { name: 'Autre', slug: 'autre-2027', startsOn: '2027-05-10', endsOn: '2027-05-13', timeZone: 'Europe/Paris', defaultLocale: 'fr' }));
  });
  afterAll(() => t.close());
  afterEach(() => vi.unstubAllEnvs());

  it('purge names what it erases, asks, and erases names, organisations and e-mails everywhere, keeping the figures', async () => {
    const { stages, participants } = await demoIds(t.database);
    const organizer = await enrolDevice(t.app, t.database, 'organizer');
    await organizer.push([organizer.op('checkin.record', checkin(participants[0]!.id, stages[0]!.id))]);
    // A rejected op about a person keeps its payload until the purge.
    await organizer.push([organizer.op('participant.set', { id: participants[1]!.id, fields: { name: 'Nom refusé', email: 'pas une adresse' } })]);

    const stopped = await run(t, ['event', 'purge', 'tiers-lieux-lozere'], 'non');
    expect(stopped.code).toBe(1);
    expect(stopped.out).toContain(`This erases the names, organisations and e-mails of the ${DEMO_PARTICIPANTS.length} participant(s) of "Semaine des tiers-lieux en Lozère"`);
    expect(stopped.out).toContain('Stopped: nothing was changed.');
    expect((await t.database.db.selectFrom('participants').select('name').where('id', '=', participants[0]!.id).executeTakeFirstOrThrow()).name).toBe(participants[0]!.name);

    const done = await run(t, ['event', 'purge', 'tiers-lieux-lozere'], 'tiers-lieux-lozere');
    expect(done.code).toBe(0);
    expect(done.out).toContain(`Erased the personal data of ${DEMO_PARTICIPANTS.length} participant(s) of tiers-lieux-lozere.`);
    const rows = await t.database.db.selectFrom('participants').selectAll().where('eventId', '=', demoId).execute();
    expect(rows.every((p) => p.name === '' && p.organisation === '' && p.email === null)).toBe(true);
    expect(new Set(rows.map((p) => p.profile)).size).toBeGreaterThan(1); // profiles stay for the figures
    expect(await count(t, 'checkins', demoId)).toBe(1);
    // A device pulling from the start never sees a name, an organisation or an e-mail.
    const fresh = await enrolDevice(t.app, t.database, 'organizer');
    const pulled = JSON.stringify(await fresh.pullAll());
    for (const person of DEMO_PARTICIPANTS.slice(0, 10)) expect(pulled).not.toContain(person.name);
    const rejections = await t.database.db.selectFrom('rejections').select('payload').where('eventId', '=', demoId).execute();
    expect(JSON.stringify(rejections)).not.toContain('Nom refusé');
    // Nobody can be added or renamed afterwards.
    const refused = await fresh.push([fresh.op('participant.set', { id: randomUUID(), fields: { name: 'Nouvelle' } })]);
    expect(refused.body.rejections[0]).toMatchObject({ code: 'event-archived', message: expect.stringContaining('The personal data of this event was erased on') });
    expect((await run(t, ['event', 'list'], '')).out).toMatch(/tiers-lieux-lozere\t.*\topen, personal data erased\t/);
  });

  it('erases on its own once the retention period after the end has passed, and logs it', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) }));
    const walkIn = await enrolDevice(t.app, t.database, 'organizer', 'Orga autre', { eventSlug: 'autre-2027' });
    await walkIn.push([walkIn.op('participant.set', { id: randomUUID(), fields: { name: 'Hélène Martin', organisation: 'La Fabrique', email: 'helene@example.org', origin: 'walk-in' } })]);
    // Ends 2027-05-13, 90 days: kept on 11 August, erased from 12 August on.
    expect(await purgeDueEvents(t.database.db, logger, new Date('2027-08-11T23:00:00Z'))).toEqual([]);
    expect(await purgeDueEvents(t.database.db, logger, new Date('2027-08-12T08:00:00Z'))).toEqual(['autre-2027']);
    const person = await t.database.db.selectFrom('participants').selectAll().where('eventId', '=', otherId).executeTakeFirstOrThrow();
    expect(person).toMatchObject({ name: '', organisation: '', email: null });
    const log = JSON.parse(lines.find((line) => line.includes('retention passed'))!) as Record<string, unknown>;
    expect(log).toMatchObject({ event: 'autre-2027', participants: 1, retentionDays: 90, endsOn: '2027-05-13' });
    // Once done, it is not done again.
    expect(await purgeDueEvents(t.database.db, logger, new Date('2027-09-01T08:00:00Z'))).toEqual([]);
  });

  it('delete names what will be lost, asks, removes everything of the event and refuses its devices; the other event is untouched', async () => {
    const organizer = await enrolDevice(t.app, t.database, 'organizer', 'Orga démo');
    const other = await enrolDevice(t.app, t.database, 'organizer', 'Orga autre 2', { eventSlug: 'autre-2027' });
    // An undo that arrived before its check-in, and a phone's answers set aside: rows of the event too.
    const pushed = await organizer.push([
      organizer.op('checkin.void', { id: randomUUID(), voidedAt: new Date().toISOString() }),
      organizer.op('feedback.aside', { kind: 'device', id: organizer.deviceId, setAside: true }),
    ]);
    expect(pushed.body.rejections).toEqual([]);
    const stopped = await run(t, ['event', 'delete', 'tiers-lieux-lozere'], '');
    expect(stopped.code).toBe(1);
    expect(stopped.out).toMatch(/This deletes "Semaine des tiers-lieux en Lozère" \(tiers-lieux-lozere\) and everything of it: 8 stage\(s\), \d+ talk\(s\), 90 participant\(s\),/);
    expect(stopped.out).toMatch(/1 check-in\(s\), 0 answer\(s\), its feedback form and posters; its \d+ device\(s\) are refused/);
    expect(await count(t, 'stages', demoId)).toBe(8);

    const done = await run(t, ['event', 'delete', 'tiers-lieux-lozere', '--yes'], '');
    expect(done.code).toBe(0);
    expect(done.out).toContain('Deleted tiers-lieux-lozere.');
    // Every table with an event_id keeps nothing of it, but the security log (kept for the operator).
    const tables = (await t.database.db.introspection.getTables()).filter((table) => table.columns.some((column) => column.name === 'event_id'));
    expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['checkins', 'early_voids', 'set_asides']));
    for (const { name } of tables.filter((table) => table.name !== 'security_log')) {
      const left = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(name)} where event_id = ${demoId}`.execute(t.database.db);
      expect(Number(left.rows[0]!.n), name).toBe(0);
    }
    expect(await t.database.db.selectFrom('changes').select('seq').where('eventId', '=', demoId).execute()).toEqual([]);
    expect((await organizer.pull()).status).toBe(401);
    expect((await other.pull()).status).toBe(200);
    expect(await count(t, 'participants', otherId)).toBe(1);
    expect((await run(t, ['event', 'delete', 'tiers-lieux-lozere', '--yes'], '')).err).toContain('No event "tiers-lieux-lozere"');
  });
});
