import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveEvent } from '../../../src/server/events/archive-event.ts';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { ENGINE } from '../test-database.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { checkin, demoIds, enrolDevice } from '../sync-fixtures.ts';

describe(`event.set and archived events (${ENGINE})`, () => {
  let t: TestApp;
  let eventId: string;
  beforeAll(async () => {
    t = await createTestApp();
    ({ eventId } = await seedDemoWeek(t.database.db));
  });
  afterAll(() => t.close());

  it('edits the event field by field, last writer wins, and every device pulls the result', async () => {
    const a = await enrolDevice(t.app, t.database, 'organizer');
    const b = await enrolDevice(t.app, t.database, 'organizer');
    const animator = await enrolDevice(t.app, t.database, 'animator');
    const base = Date.now();
    // b's description is written later (its clock) but arrives first; a's older name and description arrive after.
    expect((await b.push([b.op('event.set', { id: eventId, fields: { description: 'Quatre jours, huit bourgs.' } }, { hlcMs: base + 10 })])).body.rejections).toEqual([]);
    const older = a.op('event.set', { id: eventId, fields: { name: 'Semaine 2027', description: 'ancienne', contactEmail: 'contact@tiers-lieux.fr', place: 'Lozère', retentionDays: 30 } }, { hlcMs: base });
    expect((await a.push([older])).body.rejections).toEqual([]);
    const events = (await animator.pullAll()).filter((change) => change.entity === 'event');
    expect(events.at(-1)!.data).toMatchObject({
      id: eventId,
      name: 'Semaine 2027',
      description: 'Quatre jours, huit bourgs.',
      contactEmail: 'contact@tiers-lieux.fr',
      place: 'Lozère',
      retentionDays: 30,
      archivedAt: null,
    });
  });

  it('refuses in words an edit of another event, dates out of order, an unknown time zone, or from a non-organizer', async () => {
    const a = await enrolDevice(t.app, t.database, 'organizer');
    const animator = await enrolDevice(t.app, t.database, 'animator');
    const { body } = await a.push([
      a.op('event.set', { id: 'another-event', fields: { name: 'X' } }),
      a.op('event.set', { id: eventId, fields: { endsOn: '2000-01-01' } }),
      a.op('event.set', { id: eventId, fields: { timeZone: 'Mars/Olympus' } }),
      a.op('event.set', { id: eventId, fields: { contactEmail: 'pas une adresse' } }),
    ]);
    expect(body.rejections.map((r) => [r.code, r.message])).toEqual([
      ['foreign-event', 'A device can only edit its own event.'],
      ['invalid-op', expect.stringContaining('The event would end (2000-01-01) before it starts')],
      ['invalid-op', expect.stringContaining('Unknown time zone "Mars/Olympus"')],
      ['invalid-op', 'Invalid event.set: fields.contactEmail: the contact must be an e-mail address'],
    ]);
    const refused = await animator.push([animator.op('event.set', { id: eventId, fields: { name: 'X' } })]);
    expect(refused.body.rejections[0]!.code).toBe('forbidden');
  });

  it('once archived, refuses changes (event-archived) but takes check-ins and answers made before the archive time', async () => {
    const { stages, participants } = await demoIds(t.database);
    const organizer = await enrolDevice(t.app, t.database, 'organizer');
    const animator = await enrolDevice(t.app, t.database, 'animator');
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    const before = new Date(Date.now() - 60_000).toISOString();
    const archived = await archiveEvent(t.database.db, 'tiers-lieux-lozere');
    expect(archived).toMatchObject({ already: false });
    expect(await archiveEvent(t.database.db, 'tiers-lieux-lozere')).toEqual({ archivedAt: archived!.archivedAt, already: true });
    expect(await archiveEvent(t.database.db, 'nowhere')).toBeUndefined();
    const after = new Date(Date.now() + 1000).toISOString();

    const early = { ...checkin(participants[0]!.id, stages[0]!.id), scannedAt: before };
    const late = { ...checkin(participants[1]!.id, stages[0]!.id), scannedAt: after };
    const walkIn = randomUUID();
    const scans = await animator.push([
      animator.op('checkin.record', early),
      animator.op('checkin.record', late),
      animator.op('participant.set', { id: walkIn, fields: { name: 'Arrivée tardive', origin: 'walk-in' } }, { hlcMs: Date.parse(before) }),
    ]);
    expect(scans.body.rejections.map((r) => [r.seq, r.code])).toEqual([[2, 'event-archived']]);
    expect(scans.body.rejections[0]!.message).toMatch(/^This event was archived on \d{4}-\d{2}-\d{2}: it is read-only, this change was not saved\.$/);
    const answer = (createdAt: string) => ({ id: randomUUID(), stageId: stages[0]!.id, rating: 4, answers: {}, comment: '', createdAt });
    const answers = await kiosk.push([kiosk.op('feedback.record', answer(before)), kiosk.op('feedback.record', answer(after))]);
    expect(answers.body.rejections.map((r) => [r.seq, r.code])).toEqual([[2, 'event-archived']]);
    const edits = await organizer.push([
      organizer.op('stage.set', { id: stages[1]!.id, fields: { title: 'Changé' } }),
      organizer.op('event.set', { id: eventId, fields: { name: 'Changé' } }),
      organizer.op('participant.erase', { id: participants[2]!.id }),
    ]);
    expect(edits.body.rejections.map((r) => [r.seq, r.code])).toEqual([[1, 'event-archived'], [2, 'event-archived']]);
    const stage = await t.database.db.selectFrom('stages').select('title').where('id', '=', stages[1]!.id).executeTakeFirstOrThrow();
    expect(stage.title).not.toBe('Changé');
    // Devices learn the archive time with the event record.
    const events = (await organizer.pullAll()).filter((change) => change.entity === 'event');
    expect(events.at(-1)!.data).toMatchObject({ archivedAt: archived!.archivedAt });
    // The report's sources stay readable: the exports still answer.
    const csv = await t.app.request('/api/events/tiers-lieux-lozere/exports/checkins.csv', { headers: { authorization: `Bearer ${organizer.token}` } });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain(early.id);
  });
});
