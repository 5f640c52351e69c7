import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWeek } from '../../src/server/demo/seed.ts';
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
});
