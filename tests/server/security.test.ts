import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { seedDemoWeek } from '../../src/server/demo/seed.ts';
import { walkInBadge } from '../../src/shared/badge.ts';
import { ENGINE } from './test-database.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { checkin, demoIds, enrolDevice, type TestDevice } from './sync-fixtures.ts';

describe(`security of the API (${ENGINE})`, () => {
  let t: TestApp;
  let organizer: TestDevice;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
    ids = await demoIds(t.database);
    organizer = await enrolDevice(t.app, t.database, 'organizer');
  });
  afterAll(() => t.close());

  const auth = (device: TestDevice) => ({ authorization: `Bearer ${device.token}` });

  describe('caching of personal data', () => {
    it('sends Cache-Control: no-store on every API answer that is not public, refusals included', async () => {
      await organizer.push([organizer.op('checkin.record', checkin(ids.participants[0]!.id, ids.stages[0]!.id))]);
      const answers = [
        await t.app.request('/api/sync/pull?cursor=0', { headers: auth(organizer) }),
        await t.app.request('/api/devices', { headers: auth(organizer) }),
        await t.app.request('/api/sync/rejections', { headers: auth(organizer) }),
        await t.app.request('/api/posters', { headers: auth(organizer) }),
        await t.app.request('/api/sync/push', { method: 'POST', headers: { ...auth(organizer), 'content-type': 'application/json' }, body: '{"ops":[]}' }),
        await t.app.request('/api/enrolment-codes', { method: 'POST', headers: { ...auth(organizer), 'content-type': 'application/json' }, body: '{"role":"kiosk"}' }),
        await t.app.request('/api/devices/enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"nope","name":"x"}' }),
        await t.app.request('/api/sync/pull'),
        await t.app.request('/api/nothing-here'),
      ];
      for (const response of answers) expect(response.headers.get('cache-control'), response.url).toBe('no-store');
      expect(answers[0]!.status).toBe(200);
    });

    it('leaves the public programme cacheable by revalidation', async () => {
      const response = await t.app.request('/api/public/events/tiers-lieux-lozere/programme.json');
      expect(response.headers.get('cache-control')).toBe('no-cache');
    });
  });

  describe('the Host header', () => {
    it('never puts a client-given host in calendar links when PUBLIC_URL is unset', async () => {
      const response = await t.app.request('http://evil.example/api/public/events/tiers-lieux-lozere/programme.ics', {
        headers: { host: 'evil.example' },
      });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('BEGIN:VEVENT');
      expect(text).not.toContain('evil.example');
    });

    it('links to this machine when it is reached by one of its own addresses', async () => {
      const text = await (await t.app.request('http://127.0.0.1:8080/api/public/events/tiers-lieux-lozere/programme.ics')).text();
      expect(text).toContain(`URL:http://127.0.0.1:8080/stages/${ids.stages[0]!.id}`);
      const byName = await (await t.app.request('http://localhost:8080/api/public/events/tiers-lieux-lozere/programme.ics')).text();
      expect(byName).toContain('URL:http://localhost:8080/stages/');
    });
  });

  describe('ops about another event', () => {
    it('refuses a check-in or an answer whose id is one of another event (foreign-event), and changes nothing there', async () => {
      const now = new Date().toISOString();
      await t.database.db
        .insertInto('events')
        .values({ id: 'other-event', slug: 'other', name: 'Other', startsOn: '2026-01-01', endsOn: '2026-01-02', timeZone: 'Europe/Paris', defaultLocale: 'fr', badgePublicKey: 'x', createdAt: now })
        .execute();
      const [scanId, answerId] = [randomUUID(), randomUUID()];
      await t.database.db
        .insertInto('checkins')
        .values({ id: scanId, eventId: 'other-event', participantId: 'p-other', stageId: 's-other', deviceId: 'd-other', scannedAt: now, receivedAt: now, method: 'camera', voidedAt: null })
        .execute();
      await t.database.db
        .insertInto('feedback')
        .values({ id: answerId, eventId: 'other-event', stageId: 's-other', deviceId: 'd-other', rating: 5, answers: '{}', comment: '', createdAt: now, receivedAt: now })
        .execute();
      const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
      const scan = await organizer.push([organizer.op('checkin.record', checkin(ids.participants[1]!.id, ids.stages[0]!.id, scanId))]);
      const answer = await kiosk.push([kiosk.op('feedback.record', { id: answerId, stageId: ids.stages[0]!.id, rating: 1, answers: {}, comment: '', createdAt: now })]);
      expect(scan.body.rejections).toMatchObject([{ code: 'foreign-event' }]);
      expect(answer.body.rejections).toMatchObject([{ code: 'foreign-event' }]);
      const kept = await t.database.db.selectFrom('checkins').select(['eventId', 'participantId']).where('id', '=', scanId).executeTakeFirstOrThrow();
      expect(kept).toEqual({ eventId: 'other-event', participantId: 'p-other' });
    });

    it('still acknowledges a check-in sent twice by its own device as applied', async () => {
      const scan = checkin(ids.participants[2]!.id, ids.stages[0]!.id);
      await organizer.push([organizer.op('checkin.record', scan)]);
      const again = await organizer.push([organizer.op('checkin.record', scan)]);
      expect(again.body.rejections).toEqual([]);
    });
  });

  describe('stage binding of animators', () => {
    const animatorFor = (stageId: string | null) => enrolDevice(t.app, t.database, 'animator', 'Accueil', { stageId });

    it('refuses a check-in at another stage from an animator enrolled for a stage (wrong-stage); its own stage is fine', async () => {
      const phone = await animatorFor(ids.stages[1]!.id);
      const result = await phone.push([
        phone.op('checkin.record', checkin(ids.participants[3]!.id, ids.stages[1]!.id)),
        phone.op('checkin.record', checkin(ids.participants[3]!.id, ids.stages[2]!.id)),
      ]);
      expect(result.body.rejections).toMatchObject([{ seq: 2, code: 'wrong-stage' }]);
    });

    it('lets an animator enrolled without a stage check in anywhere', async () => {
      const phone = await animatorFor(null);
      const result = await phone.push([phone.op('checkin.record', checkin(ids.participants[3]!.id, ids.stages[4]!.id))]);
      expect(result.body.rejections).toEqual([]);
    });
  });

  describe('walk-ins', () => {
    const walkIn = (name: string, badgeCode?: string) => ({ name, origin: 'walk-in' as const, ...(badgeCode ? { badgeCode } : {}) });
    const eventId = async () => (await t.database.db.selectFrom('events').select('id').where('slug', '=', 'tiers-lieux-lozere').executeTakeFirstOrThrow()).id;
    const badgeOf = async (id: string) => (await t.database.db.selectFrom('participants').select(['name', 'badgeCode']).where('id', '=', id).executeTakeFirstOrThrow());

    it('an animator corrects the walk-ins its own device registered, not those of an organizer or another phone', async () => {
      const [mine, organizers, others] = [randomUUID(), randomUUID(), randomUUID()];
      const event = await eventId();
      const phone = await enrolDevice(t.app, t.database, 'animator');
      const otherPhone = await enrolDevice(t.app, t.database, 'animator');
      await organizer.push([organizer.op('participant.set', { id: organizers, fields: walkIn('Anne', walkInBadge(event, organizers)) })]);
      await otherPhone.push([otherPhone.op('participant.set', { id: others, fields: walkIn('Bruno', walkInBadge(event, others)) })]);
      const result = await phone.push([
        phone.op('participant.set', { id: mine, fields: walkIn('Cléo', walkInBadge(event, mine)) }),
        phone.op('participant.set', { id: mine, fields: { name: 'Cléo Martin' } }),
        phone.op('participant.set', { id: organizers, fields: { name: 'renamed' } }),
        phone.op('participant.set', { id: others, fields: { name: 'renamed' } }),
      ]);
      expect(result.body.rejections).toMatchObject([
        { seq: 3, code: 'forbidden' },
        { seq: 4, code: 'forbidden' },
      ]);
      expect((await badgeOf(mine)).name).toBe('Cléo Martin');
      expect((await badgeOf(organizers)).name).toBe('Anne');
      expect((await badgeOf(others)).name).toBe('Bruno');
    });

    it('gives a new walk-in its W1 code, even sent without a code or with another one', async () => {
      const event = await eventId();
      const phone = await enrolDevice(t.app, t.database, 'animator');
      const [bare, forged] = [randomUUID(), randomUUID()];
      const result = await phone.push([
        phone.op('participant.set', { id: bare, fields: walkIn('Sans code') }),
        phone.op('participant.set', { id: forged, fields: walkIn('Autre code', 'E1.not-mine') }),
      ]);
      expect(result.body.rejections).toEqual([]);
      expect((await badgeOf(bare)).badgeCode).toBe(walkInBadge(event, bare));
      expect((await badgeOf(forged)).badgeCode).toBe(walkInBadge(event, forged));
    });
  });
});
