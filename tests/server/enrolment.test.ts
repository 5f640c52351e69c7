import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { RateLimiter } from '../../src/server/auth/rate-limit.ts';
import { seedDemoWeek } from '../../src/server/demo/seed.ts';
import { createEnrolmentCode } from '../../src/server/devices/enrolment.ts';
import { createLogger } from '../../src/server/logger.ts';
import { ENGINE } from './test-database.ts';
import { createTestApp, type TestApp } from './test-app.ts';

const enrol = (t: TestApp, body: unknown) =>
  t.app.request('/api/devices/enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe(`enrolment (${ENGINE})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
  });
  afterAll(() => t.close());

  const newCode = (role: 'organizer' | 'animator' | 'kiosk' = 'animator', expiresInMs = 60_000, now?: Date) =>
    createEnrolmentCode(t.database.db, { eventSlug: 'tiers-lieux-lozere', role, expiresInMs, ...(now ? { now } : {}) });

  it('trades a code for a token, a device id, a role and the event; only a hash of the token is stored', async () => {
    const { code } = await newCode('kiosk');
    const response = await enrol(t, { code, name: 'Tablette Chanac' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { token: string; deviceId: string; role: string; event: { slug: string } };
    expect(body.role).toBe('kiosk');
    expect(body.event.slug).toBe('tiers-lieux-lozere');
    expect(body.token.length).toBeGreaterThanOrEqual(40);
    const row = await t.database.db.selectFrom('devices').selectAll().where('id', '=', body.deviceId).executeTakeFirstOrThrow();
    expect(row.name).toBe('Tablette Chanac');
    expect(row.tokenHash).not.toContain(body.token);
    expect(JSON.stringify(row)).not.toContain(body.token);
  });

  it('refuses a code used once already, an unknown code and an expired one, each in words', async () => {
    const { code } = await newCode();
    expect((await enrol(t, { code, name: 'A' })).status).toBe(201);
    const reused = await enrol(t, { code, name: 'B' });
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ error: 'used-code', message: expect.stringContaining('already used') });
    const unknown = await enrol(t, { code: 'not-a-code', name: 'C' });
    expect(unknown.status).toBe(404);
    const expired = await newCode('animator', 1000, new Date(Date.now() - 60_000));
    const late = await enrol(t, { code: expired.code, name: 'D' });
    expect(late.status).toBe(410);
    expect(await late.json()).toMatchObject({ error: 'expired-code' });
  });

  it('gives two devices racing with one code exactly one enrolment', async () => {
    const { code } = await newCode();
    const answers = await Promise.all([enrol(t, { code, name: 'A' }), enrol(t, { code, name: 'B' })]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('asks for a name and a code, and answers malformed JSON with 400', async () => {
    const { code } = await newCode();
    const nameless = await enrol(t, { code, name: '  ' });
    expect(nameless.status).toBe(400);
    expect(await nameless.json()).toMatchObject({ message: 'give this device a name' });
    const garbage = await t.app.request('/api/devices/enroll', { method: 'POST', body: '{nope' });
    expect(garbage.status).toBe(400);
  });

  it('slows down guessing: past the limit, 429 with Retry-After', async () => {
    const app = createApp({
      database: t.database,
      logger: createLogger('silent'),
      staticDir: '/nonexistent',
    });
    // The app's own limiter: 10 attempts a minute per address.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await app.request('/api/devices/enroll', { method: 'POST', body: JSON.stringify({ code: `guess-${i}`, name: 'x' }) })).status);
    expect(statuses.slice(0, 10).every((status) => status === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limiter = new RateLimiter(1, 1000, () => 0);
    expect(limiter.hit('a')).toBe(0);
    expect(limiter.hit('a')).toBe(1);
    expect(limiter.hit('b')).toBe(0);
  });
});
