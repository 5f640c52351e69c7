import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBadge } from '../../../src/shared/badge.ts';
import { createEvent } from '../../../src/server/events/create-event.ts';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { ENGINE } from '../test-database.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { checkin, enrolDevice, type TestDevice } from '../sync-fixtures.ts';
import { checkinFr } from '../../../src/ui/messages/checkin.ts';

/** Every id a set of records of one event holds (stages, talks, participants, check-ins, answers, the event and its form). */
async function idsOf(t: TestApp, eventId: string): Promise<Set<string>> {
  const db = t.database.db;
  const stageIds = db.selectFrom('stages').select('id').where('eventId', '=', eventId);
  const rows = await Promise.all([
    db.selectFrom('stages').select('id').where('eventId', '=', eventId).execute(),
    db.selectFrom('talks').select('id').where('stageId', 'in', stageIds).execute(),
    db.selectFrom('participants').select('id').where('eventId', '=', eventId).execute(),
    db.selectFrom('checkins').select('id').where('eventId', '=', eventId).execute(),
    db.selectFrom('feedback').select('id').where('eventId', '=', eventId).execute(),
  ]);
  return new Set([eventId, ...rows.flat().map((row) => row.id)]);
}

describe(`two events on one server stay apart (${ENGINE})`, () => {
  let t: TestApp;
  let a: { id: string; organizer: TestDevice; animator: TestDevice; kiosk: TestDevice };
  let b: { id: string; organizer: TestDevice; animator: TestDevice; kiosk: TestDevice };
  beforeAll(async () => {
    t = await createTestApp();
    const demo = await seedDemoWeek(t.database.db);
    // B is a copy of A's programme: same towns and titles, other ids.
    const copy = await createEvent(t.database.db, { name: 'Lozère 2027', slug: 'lozere-2027', startsOn: '2027-05-10', endsOn: '2027-05-13', timeZone: 'Europe/Paris', defaultLocale: 'fr', from: 'tiers-lieux-lozere' });
    const devices = async (slug: string) => ({
      organizer: await enrolDevice(t.app, t.database, 'organizer', `orga ${slug}`, { eventSlug: slug }),
      animator: await enrolDevice(t.app, t.database, 'animator', `accueil ${slug}`, { eventSlug: slug }),
      kiosk: await enrolDevice(t.app, t.database, 'kiosk', `borne ${slug}`, { eventSlug: slug }),
    });
    a = { id: demo.eventId, ...(await devices('tiers-lieux-lozere')) };
    b = { id: copy.eventId, ...(await devices('lozere-2027')) };
    // Each event gets a person, a check-in and an answer of its own.
    for (const side of [a, b]) {
      const stage = await t.database.db.selectFrom('stages').select('id').where('eventId', '=', side.id).orderBy('startsAt').executeTakeFirstOrThrow();
      const person = randomUUID();
      const pushed = await side.organizer.push([
        side.organizer.op('participant.set', { id: person, fields: { name: `Personne ${side.id}`, origin: 'import' } }),
        side.organizer.op('checkin.record', checkin(person, stage.id)),
      ]);
      expect(pushed.body.rejections).toEqual([]);
      await side.kiosk.push([side.kiosk.op('feedback.record', { id: randomUUID(), stageId: stage.id, rating: 5, answers: {}, comment: 'Bien', createdAt: new Date().toISOString() })]);
    }
  });
  afterAll(() => t.close());

  it('no pull of one event holds a record of the other, whatever the role', async () => {
    const idsA = await idsOf(t, a.id);
    const idsB = await idsOf(t, b.id);
    for (const [side, own, other] of [[a, idsA, idsB], [b, idsB, idsA]] as const) {
      for (const device of [side.organizer, side.animator, side.kiosk]) {
        const changes = await device.pullAll();
        expect(changes.length).toBeGreaterThan(0);
        expect(changes.filter((change) => other.has(change.id))).toEqual([]);
        expect(changes.every((change) => own.has(change.id))).toBe(true);
      }
    }
  });

  it('an organizer of one gets 404 on the other\'s exports, archive and devices, and its writes to the other are refused', async () => {
    const auth = (device: TestDevice) => ({ authorization: `Bearer ${device.token}` });
    for (const path of ['participants.csv', 'checkins.csv', 'feedback.csv']) {
      expect((await t.app.request(`/api/events/tiers-lieux-lozere/exports/${path}`, { headers: auth(b.organizer) })).status).toBe(404);
    }
    expect((await t.app.request('/api/events/tiers-lieux-lozere/export.zip', { headers: auth(b.organizer) })).status).toBe(404);
    expect((await t.app.request('/api/events/tiers-lieux-lozere/archive', { method: 'POST', headers: auth(b.organizer) })).status).toBe(404);
    const listed = (await (await t.app.request('/api/devices', { headers: auth(b.organizer) })).json()) as { devices: { id: string }[] };
    expect(listed.devices.map((d) => d.id).sort()).toEqual([b.organizer.deviceId, b.animator.deviceId, b.kiosk.deviceId].sort());
    const revoke = await t.app.request(`/api/devices/${a.animator.deviceId}/revoke`, { method: 'POST', headers: auth(b.organizer) });
    expect(revoke.status).toBe(404);
    expect((await a.animator.pull()).status).toBe(200);
    const stageOfA = await t.database.db.selectFrom('stages').select('id').where('eventId', '=', a.id).executeTakeFirstOrThrow();
    const poster = await t.app.request('/api/posters', { method: 'POST', headers: { ...auth(b.organizer), 'content-type': 'application/json' }, body: JSON.stringify({ stageId: stageOfA.id }) });
    expect(poster.status).toBeGreaterThanOrEqual(400);
    expect(poster.status).toBeLessThan(500);
    const personOfA = await t.database.db.selectFrom('participants').select('id').where('eventId', '=', a.id).executeTakeFirstOrThrow();
    const { body } = await b.organizer.push([
      b.organizer.op('stage.set', { id: stageOfA.id, fields: { title: 'Pris' } }),
      b.organizer.op('participant.set', { id: personOfA.id, fields: { name: 'Pris' } }),
      b.organizer.op('event.set', { id: a.id, fields: { name: 'Pris' } }),
      b.organizer.op('form.set', { id: a.id, fields: { questions: [] } }),
      b.organizer.op('participant.erase', { id: personOfA.id }),
    ]);
    expect(body.rejections.map((r) => r.code)).toEqual(['foreign-event', 'foreign-event', 'foreign-event', 'foreign-event', 'unknown-participant']);
    const animatorScan = await b.animator.push([b.animator.op('checkin.record', checkin(personOfA.id, stageOfA.id))]);
    expect(animatorScan.body.rejections[0]!.code).toBe('unknown-stage');
    // An enrolment link made by B's organizer enrols into B.
    const made = await t.app.request('/api/enrolment-codes', { method: 'POST', headers: { ...auth(b.organizer), 'content-type': 'application/json' }, body: JSON.stringify({ role: 'animator' }) });
    const { code } = (await made.json()) as { code: string };
    const enrolled = await t.app.request('/api/devices/enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'nouveau' }) });
    expect(((await enrolled.json()) as { event: { slug: string } }).event.slug).toBe('lozere-2027');
  });

  it('a badge of one event is refused on a device of the other, red, as "badge d\'un autre événement"', async () => {
    const changes = await b.animator.pullAll();
    const eventB = changes.find((change) => change.entity === 'event')!.data as { id: string; badgePublicKey: string };
    const personOfA = await t.database.db.selectFrom('participants').select('badgeCode').where('eventId', '=', a.id).executeTakeFirstOrThrow();
    expect(await readBadge(personOfA.badgeCode, eventB)).toEqual({ ok: false, reason: 'other-event' });
    expect(checkinFr['checkin.refused.other-event']).toBe('Refusé : badge d’un autre événement');
    const personOfB = await t.database.db.selectFrom('participants').select(['id', 'badgeCode']).where('eventId', '=', b.id).executeTakeFirstOrThrow();
    expect(await readBadge(personOfB.badgeCode, eventB)).toMatchObject({ ok: true, participantId: personOfB.id });
  });
});

describe(`public addresses of each event (${ENGINE})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ publicUrl: 'https://etape.example.org' });
    await seedDemoWeek(t.database.db);
    await createEvent(t.database.db, { name: 'Lozère 2027', slug: 'lozere-2027', startsOn: '2027-05-10', endsOn: '2027-05-13', timeZone: 'Europe/Paris', defaultLocale: 'fr', from: 'tiers-lieux-lozere' });
  });
  afterAll(() => t.close());

  it('lists the server\'s events for the home page, public facts only', async () => {
    const response = await t.app.request('/api/public/events');
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: Record<string, unknown>[] };
    // Soonest first: the demo week is placed on this week or the next.
    expect(events.map((event) => event.slug)).toEqual(['tiers-lieux-lozere', 'lozere-2027']);
    expect(events.find((event) => event.slug === 'lozere-2027')).toEqual({
      slug: 'lozere-2027', name: 'Lozère 2027', startsOn: '2027-05-10', endsOn: '2027-05-13', timeZone: 'Europe/Paris', place: '', archived: false,
    });
    expect(JSON.stringify(events)).not.toMatch(/badge|Key|id"/);
  });

  it('gives a poster of an event its own address (/e/SLUG/feedback/STAGE), the demo keeping /feedback/STAGE', async () => {
    for (const slug of ['lozere-2027', 'tiers-lieux-lozere']) {
      const organizer = await enrolDevice(t.app, t.database, 'organizer', `orga ${slug}`, { eventSlug: slug });
      const stage = await t.database.db
        .selectFrom('stages')
        .innerJoin('events', 'events.id', 'stages.eventId')
        .select('stages.id')
        .where('events.slug', '=', slug)
        .executeTakeFirstOrThrow();
      const made = await t.app.request('/api/posters', {
        method: 'POST',
        headers: { authorization: `Bearer ${organizer.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ stageId: stage.id }),
      });
      const { path } = (await made.json()) as { path: string };
      const expected = slug === 'tiers-lieux-lozere' ? `/feedback/${stage.id}#poster=` : `/e/${slug}/feedback/${stage.id}#poster=`;
      expect(path.startsWith(expected)).toBe(true);
    }
  });

  it('links calendar entries to the event\'s own addresses (/e/SLUG/stages/ID), the demo keeping /stages/ID', async () => {
    const ics = await (await t.app.request('/api/public/events/lozere-2027/programme.ics')).text();
    const stage = await t.database.db
      .selectFrom('stages')
      .innerJoin('events', 'events.id', 'stages.eventId')
      .select('stages.id')
      .where('events.slug', '=', 'lozere-2027')
      .executeTakeFirstOrThrow();
    expect(ics.replace(/\r\n /g, '')).toContain(`URL:https://etape.example.org/e/lozere-2027/stages/${stage.id}`);
    const demo = await (await t.app.request('/api/public/events/tiers-lieux-lozere/programme.ics')).text();
    expect(demo.replace(/\r\n /g, '')).toMatch(/URL:https:\/\/etape\.example\.org\/stages\/[\w-]+\r\n/);
  });
});
