import { randomUUID } from 'node:crypto';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoWeek } from '../../src/server/demo/seed.ts';
import { POSTER_PHONES_PER_MINUTE } from '../../src/server/posters/posters.ts';
import { encodeHlc } from '../../src/shared/hlc.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { ENGINE } from './test-database.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { demoIds, enrolDevice, type TestDevice } from './sync-fixtures.ts';

describe(`a photographed poster: slowed down, set aside, logged (${ENGINE})`, () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let organizer: TestDevice;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
    ids = await demoIds(t.database);
    organizer = await enrolDevice(t.app, t.database, 'organizer');
  });
  afterAll(() => t.close());

  const api = (path: string, init: { method?: string; token?: string; body?: unknown; forwardedFor?: string } = {}) =>
    t.app.request(`/api${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const makePoster = async (stageId: string) => (await (await api('/posters', { method: 'POST', token: organizer.token, body: { stageId } })).json()) as { id: string; token: string };
  const openPoster = (poster: { token: string }, stageId: string) => api('/posters/enroll', { method: 'POST', body: { token: poster.token, stageId } });

  /** A phone's op: its own seq, signed by nothing (it pushes its own ops). */
  const phoneOp = (deviceId: string, seq: number, type: string, payload: unknown, hlcMs = Date.now()) => ({
    opId: randomUUID(),
    deviceId,
    seq,
    type,
    payload,
    hlc: encodeHlc({ wallMs: hlcMs, counter: seq, node: deviceId }),
    schemaVersion: SCHEMA_VERSION,
  });
  const push = async (token: string, ops: unknown[]) =>
    (await (await t.app.request('/api/sync/push', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ops }) })).json()) as {
      rejections: { code: string }[];
    };
  const oneStar = (stageId: string) => ({ id: randomUUID(), stageId, rating: 1, answers: {}, comment: 'nul', createdAt: new Date().toISOString() });

  it(`admits ${POSTER_PHONES_PER_MINUTE} new phones a minute per poster, whatever their addresses; other posters are not slowed`, async () => {
    const stageId = ids.stages[0]!.id;
    const poster = await makePoster(stageId);
    const statuses = [];
    for (let i = 0; i <= POSTER_PHONES_PER_MINUTE; i += 1) statuses.push((await openPoster(poster, stageId)).status);
    expect(statuses.slice(0, POSTER_PHONES_PER_MINUTE).every((status) => status === 201)).toBe(true);
    const refused = await openPoster(poster, stageId);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: 'rate-limited' });
    const other = await makePoster(stageId);
    expect((await openPoster(other, stageId)).status).toBe(201);
    // One burst, one line in the security log (not one per refused phone).
    const log = (await (await api('/security-log', { token: organizer.token })).json()) as { entries: { kind: string; detail: Record<string, unknown> }[] };
    expect(log.entries.filter((entry) => entry.kind === 'poster-burst' && entry.detail.posterId === poster.id)).toHaveLength(1);
  });

  it('sets aside the answers of a poster: kept and marked, out of the export unless asked, new ones marked too, and taken back by a later edit', async () => {
    const stageId = ids.stages[1]!.id;
    const poster = await makePoster(stageId);
    const phones = [];
    for (let i = 0; i < 3; i += 1) phones.push((await (await openPoster(poster, stageId)).json()) as { token: string; deviceId: string });
    for (const phone of phones) expect((await push(phone.token, [phoneOp(phone.deviceId, 1, 'feedback.record', oneStar(stageId))])).rejections).toEqual([]);
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    await kiosk.push([kiosk.op('feedback.record', { ...oneStar(stageId), rating: 5, comment: 'super' })]);

    const aside = await organizer.push([organizer.op('feedback.aside', { kind: 'poster', id: poster.id, setAside: true })]);
    expect(aside.body.rejections).toEqual([]);
    const rows = await t.database.db.selectFrom('feedback').select(['posterId', 'setAside']).where('stageId', '=', stageId).execute();
    expect(rows.filter((row) => row.posterId === poster.id).map((row) => row.setAside)).toEqual([1, 1, 1]);
    expect(rows.filter((row) => row.posterId === null).map((row) => row.setAside)).toEqual([0]);

    // Devices receive them marked, to leave them out of their figures.
    const pulled = (await organizer.pullAll()).filter((change) => change.entity === 'feedback' && (change.data as { stageId: string }).stageId === stageId);
    const latest = new Map(pulled.map((change) => [change.id, change.data as { posterId: string | null; setAside: boolean }]));
    expect([...latest.values()].filter((answer) => answer.posterId === poster.id).every((answer) => answer.setAside)).toBe(true);

    const exported = async (query = '') =>
      Papa.parse<Record<string, string>>(
        (await (await api(`/events/tiers-lieux-lozere/exports/feedback.csv${query}`, { token: organizer.token })).text()).replace(/^\uFEFF/, ''),
        { header: true, skipEmptyLines: true },
      ).data.filter((row) => row.stage_id === stageId);
    expect((await exported()).map((row) => row.rating)).toEqual(['5']);
    expect((await exported('?setAside=include')).map((row) => row.set_aside).sort()).toEqual(['no', 'yes', 'yes', 'yes']);

    // An answer that arrives later from a phone of that poster is set aside at once.
    const late = oneStar(stageId);
    await push(phones[0]!.token, [phoneOp(phones[0]!.deviceId, 2, 'feedback.record', late)]);
    expect((await t.database.db.selectFrom('feedback').select('setAside').where('id', '=', late.id).executeTakeFirstOrThrow()).setAside).toBe(1);

    // Last writer wins: taken back by a later edit; an older edit arriving after changes nothing.
    const now = Date.now();
    const back = organizer.op('feedback.aside', { kind: 'poster', id: poster.id, setAside: false }, { hlcMs: now + 2000 });
    const stale = organizer.op('feedback.aside', { kind: 'poster', id: poster.id, setAside: true }, { hlcMs: now + 1000 });
    expect((await organizer.push([back, stale])).body.rejections).toEqual([]);
    expect((await exported()).map((row) => row.rating).sort()).toEqual(['1', '1', '1', '1', '5']);
  });

  it('sets aside the answers of one phone only', async () => {
    const stageId = ids.stages[2]!.id;
    const poster = await makePoster(stageId);
    const [bad, good] = [
      (await (await openPoster(poster, stageId)).json()) as { token: string; deviceId: string },
      (await (await openPoster(poster, stageId)).json()) as { token: string; deviceId: string },
    ];
    await push(bad.token, [phoneOp(bad.deviceId, 1, 'feedback.record', oneStar(stageId))]);
    await push(good.token, [phoneOp(good.deviceId, 1, 'feedback.record', { ...oneStar(stageId), rating: 4 })]);
    expect((await organizer.push([organizer.op('feedback.aside', { kind: 'device', id: bad.deviceId, setAside: true })])).body.rejections).toEqual([]);
    const rows = await t.database.db.selectFrom('feedback').select(['deviceId', 'setAside']).where('stageId', '=', stageId).execute();
    expect(rows.find((row) => row.deviceId === bad.deviceId)?.setAside).toBe(1);
    expect(rows.find((row) => row.deviceId === good.deviceId)?.setAside).toBe(0);
  });

  it('lets only organizers set answers aside, and only for phones and posters of their event', async () => {
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    expect((await kiosk.push([kiosk.op('feedback.aside', { kind: 'device', id: kiosk.deviceId, setAside: true })])).body.rejections).toMatchObject([{ code: 'forbidden' }]);
    expect((await organizer.push([organizer.op('feedback.aside', { kind: 'poster', id: 'no-such-poster', setAside: true })])).body.rejections).toMatchObject([
      { code: 'unknown-record' },
    ]);
  });

  it('lists the security log for organizers only: enrolments, refused codes, set-asides', async () => {
    await api('/devices/enroll', { method: 'POST', body: { code: 'wrong-code', name: 'x' } });
    const response = await api('/security-log', { token: organizer.token });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { entries } = (await response.json()) as { entries: { kind: string; at: string; detail: Record<string, unknown> }[] };
    const kinds = new Set(entries.map((entry) => entry.kind));
    for (const kind of ['enrolled', 'refused-code', 'set-aside', 'taken-back', 'poster-burst']) expect(kinds, kind).toContain(kind);
    expect(JSON.stringify(entries)).not.toContain('wrong-code');
    const animator = await enrolDevice(t.app, t.database, 'animator');
    expect((await api('/security-log', { token: animator.token })).status).toBe(403);
  });
});
