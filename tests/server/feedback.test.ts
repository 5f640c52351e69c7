import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/shared/hlc.ts';
import { seedDemoWeek } from '../../src/server/demo/seed.ts';
import { POSTER_DEVICE_MAX_FEEDBACK } from '../../src/server/sync/apply-op.ts';
import { ENGINE } from './test-database.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { demoIds, enrolDevice, type TestDevice } from './sync-fixtures.ts';

const answer = (stageId: string, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  stageId,
  rating: 4,
  answers: { profil: 'pro', moments: ['visite', 'repas'] },
  comment: 'Très bien',
  createdAt: new Date().toISOString(),
  ...extra,
});

describe(`feedback form, kiosk and poster feedback (${ENGINE})`, () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let organizer: TestDevice;
  let eventId: string;
  beforeAll(async () => {
    t = await createTestApp();
    eventId = (await seedDemoWeek(t.database.db)).eventId;
    ids = await demoIds(t.database);
    organizer = await enrolDevice(t.app, t.database, 'organizer');
  });
  afterAll(() => t.close());

  const stage = (i = 0) => ids.stages[i]!.id;
  const api = (path: string, init: { method?: string; token?: string; body?: unknown } = {}) =>
    t.app.request(`/api${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const feedbackCount = async () => (await t.database.db.selectFrom('feedback').select('id').execute()).length;

  /** A poster made by the organizer, and a phone that opened it (its own device through the API). */
  async function posterPhone(stageIndex = 0) {
    const made = await api('/posters', { method: 'POST', token: organizer.token, body: { stageId: stage(stageIndex) } });
    expect(made.status).toBe(201);
    const poster = (await made.json()) as { id: string; token: string; path: string };
    const opened = await api('/posters/enroll', { method: 'POST', body: { token: poster.token, stageId: stage(stageIndex) } });
    expect(opened.status).toBe(201);
    const phone = (await opened.json()) as { token: string; deviceId: string; role: string; stageId: string; poster: boolean };
    return { poster, phone };
  }

  it('ships the demo form to every role, kiosks included, and no participant data to a kiosk', async () => {
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    const changes = await kiosk.pullAll();
    const form = changes.find((change) => change.entity === 'form');
    expect(form?.id).toBe(eventId);
    expect(form?.data).toMatchObject({ ratingLabel: { fr: 'Comment était cette étape ?' }, questions: expect.any(Array) });
    expect((form?.data as { questions: unknown[] }).questions.length).toBeGreaterThanOrEqual(3);
    expect(changes.some((change) => change.entity === 'participant' || change.entity === 'checkin')).toBe(false);
  });

  it('lets an organizer edit the form, last writer wins per field, and refuses it from a kiosk', async () => {
    const later = organizer.op('form.set', { id: eventId, fields: { commentLabel: { fr: 'Un mot ?', en: 'A word?' } } }, { hlcMs: Date.now() + 1000 });
    const earlier = organizer.op('form.set', { id: eventId, fields: { commentLabel: { fr: 'Ancien', en: 'Old' }, questions: [] } }, { hlcMs: Date.now() - 1000 });
    const { body } = await organizer.push([later, earlier]);
    expect(body.rejections).toEqual([]);
    const row = await t.database.db.selectFrom('forms').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.commentLabel)).toEqual({ fr: 'Un mot ?', en: 'A word?' });
    expect(JSON.parse(row.questions)).toEqual([]); // an untouched field takes the earlier write
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    const refused = await kiosk.push([kiosk.op('form.set', { id: eventId, fields: { questions: [] } })]);
    expect(refused.body.rejections[0]).toMatchObject({ code: 'forbidden' });
  });

  it('refuses a form with a malformed question, in words', async () => {
    const bad = organizer.op('form.set', { id: eventId, fields: { questions: [{ id: 'Pas Bon', kind: 'single', label: { fr: 'x', en: 'x' } }] } });
    const { body } = await organizer.push([bad]);
    expect(body.rejections[0]).toMatchObject({ code: 'invalid-op', message: expect.stringContaining('lower-case letters') });
  });

  it('records a kiosk answer once, even sent twice, and refuses a rating out of range and a too long comment in words', async () => {
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    const before = await feedbackCount();
    const good = answer(stage());
    const first = kiosk.op('feedback.record', good);
    expect((await kiosk.push([first])).body.rejections).toEqual([]);
    expect((await kiosk.push([first])).body.acked[kiosk.deviceId]).toBe(1);
    const twice = kiosk.op('feedback.record', good); // the same answer under a second op
    const high = kiosk.op('feedback.record', answer(stage(), { rating: 9 }));
    const long = kiosk.op('feedback.record', answer(stage(), { comment: 'x'.repeat(2001) }));
    const { body } = await kiosk.push([twice, high, long]);
    expect(body.acked[kiosk.deviceId]).toBe(4);
    expect(body.rejections.map((r) => [r.seq, r.code])).toEqual([[3, 'invalid-op'], [4, 'invalid-op']]);
    expect(body.rejections[0]!.message).toContain('the rating must be from 1 to 5');
    expect(body.rejections[1]!.message).toContain('longer than 2000 characters');
    expect(await feedbackCount()).toBe(before + 1);
  });

  it('lets a poster phone write feedback for its stage only, and only a few answers', async () => {
    const { phone } = await posterPhone(1);
    expect(phone).toMatchObject({ role: 'kiosk', stageId: stage(1), poster: true });
    const push = (ops: unknown[]) => api('/sync/push', { method: 'POST', token: phone.token, body: { ops } });
    const op = (seq: number, payload: unknown) => ({
      opId: randomUUID(),
      deviceId: phone.deviceId,
      seq,
      type: 'feedback.record',
      payload,
      hlc: encodeHlc({ wallMs: Date.now(), counter: seq, node: phone.deviceId }),
      schemaVersion: 1,
    });
    const own = await push([op(1, answer(stage(1))), op(2, answer(stage(2)))]);
    const body = (await own.json()) as { rejections: { seq: number; code: string; message: string }[] };
    expect(body.rejections).toEqual([expect.objectContaining({ seq: 2, code: 'wrong-stage', message: expect.stringContaining('its own stage') })]);
    // One answer was accepted above: nine more are, the tenth of this batch is refused.
    const many = Array.from({ length: POSTER_DEVICE_MAX_FEEDBACK }, (_, i) => op(3 + i, answer(stage(1))));
    const flood = (await (await push(many)).json()) as { rejections: { code: string }[] };
    expect(flood.rejections).toEqual([expect.objectContaining({ code: 'too-many' })]);
    const rows = await t.database.db.selectFrom('feedback').select('stageId').where('deviceId', '=', phone.deviceId).execute();
    expect(rows).toHaveLength(POSTER_DEVICE_MAX_FEEDBACK);
    expect(new Set(rows.map((row) => row.stageId))).toEqual(new Set([stage(1)]));
  });

  it('answers a poster link for another stage, an unknown one and a revoked one in words, and revocation stops its phones', async () => {
    const { poster, phone } = await posterPhone(0);
    const other = await api('/posters/enroll', { method: 'POST', body: { token: poster.token, stageId: stage(3) } });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ error: 'wrong-stage', message: expect.stringContaining('another stage') });
    const unknown = await api('/posters/enroll', { method: 'POST', body: { token: 'nope', stageId: stage(0) } });
    expect(unknown.status).toBe(404);
    expect((await api('/posters/enroll', { method: 'POST', body: { stageId: stage(0) } })).status).toBe(400);

    const list = (await (await api('/posters', { token: organizer.token })).json()) as { posters: { id: string; phones: number }[] };
    expect(list.posters.find((p) => p.id === poster.id)?.phones).toBe(1);
    expect((await api(`/posters/${poster.id}/revoke`, { method: 'POST', token: phone.token })).status).toBe(403);
    expect((await api(`/posters/${poster.id}/revoke`, { method: 'POST', token: organizer.token })).status).toBe(200);
    const revoked = await api('/posters/enroll', { method: 'POST', body: { token: poster.token, stageId: stage(0) } });
    expect(revoked.status).toBe(410);
    expect(await revoked.json()).toMatchObject({ error: 'revoked-poster', message: expect.stringContaining('withdrawn') });
    const pushed = await api('/sync/push', { method: 'POST', token: phone.token, body: { ops: [] } });
    expect(pushed.status).toBe(401);
  });

  it('rate-limits the opening of poster links per address', async () => {
    const { createApp } = await import('../../src/server/app.ts');
    const { createLogger } = await import('../../src/server/logger.ts');
    const strict = createApp({ database: t.database, logger: createLogger('silent'), staticDir: '/nonexistent', postersPerMinute: 2 });
    const open = () =>
      strict.request('/api/posters/enroll', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'x', stageId: 'y' }) });
    expect((await open()).status).toBe(404);
    expect((await open()).status).toBe(404);
    const limited = await open();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: 'rate-limited' });
  });

  it('keeps a kiosk enrolled for a stage to that stage', async () => {
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk', 'Borne Chanac');
    await t.database.db.updateTable('devices').set({ stageId: stage(5) }).where('id', '=', kiosk.deviceId).execute();
    const { body } = await kiosk.push([kiosk.op('feedback.record', answer(stage(5))), kiosk.op('feedback.record', answer(stage(0)))]);
    expect(body.rejections).toEqual([expect.objectContaining({ code: 'wrong-stage', message: 'This kiosk was enrolled for another stage.' })]);
  });

  it('keeps only the form’s questions and choices, and refuses more answers than a form can have', async () => {
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    const label = (fr: string) => ({ fr, en: fr });
    const single = { id: 'revenir', kind: 'single', label: label('Revenir ?'), choices: [{ id: 'oui', label: label('Oui') }] };
    const multiple = { id: 'moments', kind: 'multiple', label: label('Moments'), choices: [{ id: 'visite', label: label('Visite') }] };
    await organizer.push([organizer.op('form.set', { id: eventId, fields: { questions: [single, multiple] } }, { hlcMs: Date.now() + 60_000 })]);
    const kept = answer(stage(1), {
      answers: { [single.id]: single.choices[0]!.id, [multiple.id]: [multiple.choices[0]!.id, 'invented'], extra: 'x' },
    });
    const tooMany = answer(stage(1), { answers: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`q${i}`, 'x'])) });
    const { body } = await kiosk.push([kiosk.op('feedback.record', kept), kiosk.op('feedback.record', tooMany)]);
    expect(body.rejections).toEqual([expect.objectContaining({ code: 'invalid-op' })]);
    const row = await t.database.db.selectFrom('feedback').select('answers').where('id', '=', kept.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.answers)).toEqual({ [single.id]: single.choices[0]!.id, [multiple.id]: [multiple.choices[0]!.id] });
  });

  it('lets an animator register a walk-in but not move them out of the walk-ins nor set their email', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator');
    const id = randomUUID();
    await phone.push([phone.op('participant.set', { id, fields: { name: 'Zoé Sur-Place', origin: 'walk-in', consent: true } })]);
    await phone.push([phone.op('participant.set', { id, fields: { name: 'Zoé Surplace', origin: 'import', email: 'zoe@example.org' } })]);
    const row = await t.database.db.selectFrom('participants').select(['name', 'origin', 'email']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Zoé Surplace', origin: 'walk-in', email: null });
  });
});
