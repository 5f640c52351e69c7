import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { readBadge } from '../../../src/shared/badge.ts';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { ENGINE } from '../test-database.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { checkin, demoIds, enrolDevice, type TestDevice } from '../sync-fixtures.ts';

const BASE = '/api/events/tiers-lieux-lozere/exports';

describe(`CSV exports (${ENGINE})`, () => {
  let t: TestApp;
  let organizer: TestDevice;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db);
    ids = await demoIds(t.database);
    organizer = await enrolDevice(t.app, t.database, 'organizer', 'Portable coordination');
  });
  afterAll(() => t.close());

  const get = (file: string, token?: string) =>
    t.app.request(`${BASE}/${file}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const parse = (text: string) => Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;

  it('exports the participants with their signed badge codes, UTF-8 with a BOM, formulas neutralised', async () => {
    const id = randomUUID();
    await organizer.push([organizer.op('participant.set', { id, fields: { name: '=HYPERLINK("http://evil")', organisation: '+33 Chély', origin: 'import' } })]);
    const response = await get('participants.csv', organizer.token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(await response.text());
    expect(rows).toHaveLength(91);
    const event = await t.database.db.selectFrom('events').select(['id', 'badgePublicKey']).executeTakeFirstOrThrow();
    for (const row of rows) {
      expect(await readBadge(row.badge_code!, event)).toMatchObject({ ok: true, participantId: row.id });
    }
    expect(rows.find((row) => row.id === id)).toMatchObject({ name: `'=HYPERLINK("http://evil")`, organisation: "'+33 Chély" });
    expect(rows.some((row) => row.name!.startsWith('Hélène'))).toBe(true);
  });

  it('exports every scan, undone ones marked, with stage and device names', async () => {
    const phone = await enrolDevice(t.app, t.database, 'animator', 'Téléphone Florac');
    const kept = checkin(ids.participants[0]!.id, ids.stages[0]!.id);
    const undone = checkin(ids.participants[1]!.id, ids.stages[0]!.id);
    await phone.push([
      phone.op('checkin.record', kept),
      phone.op('checkin.record', undone),
      phone.op('checkin.void', { id: undone.id, voidedAt: new Date().toISOString() }),
    ]);
    const rows = parse(await (await get('checkins.csv', organizer.token)).text());
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.id === kept.id)).toMatchObject({ voided: 'no', device: 'Téléphone Florac', participant_name: ids.participants[0]!.name, stage_town: ids.stages[0]!.town });
    expect(rows.find((row) => row.id === undone.id)).toMatchObject({ voided: 'yes', voided_at: expect.stringMatching(/^\d{4}-/) });
  });

  it('leaves erased participants out, and their names out of the scans', async () => {
    const target = ids.participants[0]!;
    await organizer.push([organizer.op('participant.erase', { id: target.id })]);
    const people = await (await get('participants.csv', organizer.token)).text();
    expect(people).not.toContain(target.name);
    const scans = parse(await (await get('checkins.csv', organizer.token)).text());
    expect(scans.find((row) => row.participant_id === target.id)).toMatchObject({ participant_name: '' });
  });

  it('is for organizers only: 401 without a token, 403 for animator and kiosk, 404 for another event or file', async () => {
    for (const file of ['participants.csv', 'checkins.csv', 'feedback.csv']) {
      expect((await get(file)).status).toBe(401);
      expect((await get(file, 'not-a-token')).status).toBe(401);
      for (const role of ['animator', 'kiosk'] as const) {
        const device = await enrolDevice(t.app, t.database, role);
        const denied = await get(file, device.token);
        expect(denied.status).toBe(403);
        expect(await denied.json()).toMatchObject({ error: 'forbidden' });
      }
    }
    const other = await t.app.request('/api/events/another-event/exports/participants.csv', { headers: { authorization: `Bearer ${organizer.token}` } });
    expect(other.status).toBe(404);
    expect((await get('passwords.csv', organizer.token)).status).toBe(404);
  });

  it('exports every feedback answer: rating, one column per question, comment, stage and device; inert formulas and HTML', async () => {
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk', 'Tablette Chanac');
    const stage = ids.stages[5]!;
    const answers = [
      { id: randomUUID(), stageId: stage.id, rating: 5, answers: { revenir: 'oui', moments: ['visite', 'repas'], idee: '=SUM(A1)' }, comment: '=1+1', createdAt: '2026-11-25T15:00:00.000Z' },
      { id: randomUUID(), stageId: stage.id, rating: 3, answers: { revenir: 'non', junk: 'x', moments: ['visite', 'made-up'] }, comment: '<script>alert(1)</script>; merci, "vraiment"', createdAt: '2026-11-25T15:01:00.000Z' },
      { id: randomUUID(), stageId: stage.id, rating: 4, answers: {}, comment: '@maire -2', createdAt: '2026-11-25T15:02:00.000Z' },
    ];
    await kiosk.push(answers.map((answer) => kiosk.op('feedback.record', answer)));
    const response = await get('feedback.csv', organizer.token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('tiers-lieux-lozere-feedback.csv');
    const bytes = new Uint8Array(await response.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(await response.text());
    // One column per form question, in the form's order, headed by its French label, choices in words;
    // a text question's text as written; the ids after, for scripts. "junk" and "made-up" were dropped on arrival.
    expect(Object.keys(rows[0]!)).toEqual([
      'id', 'created_at', 'received_at', 'stage_id', 'stage_town', 'rating',
      'Vous êtes…', 'Qu’avez-vous aimé ?', 'Reviendriez-vous dans un tiers-lieu ?', 'Une idée pour la suite, en quelques mots',
      'comment', 'device', 'answer_profil', 'answer_moments', 'answer_revenir', 'answer_idee',
    ]);
    expect(rows.map((row) => [row['Qu’avez-vous aimé ?'], row['Reviendriez-vous dans un tiers-lieu ?'], row['Une idée pour la suite, en quelques mots'], row['Vous êtes…']])).toEqual([
      ['La visite | Le repas', 'Oui', "'=SUM(A1)", ''],
      ['La visite', 'Non', '', ''],
      ['', '', '', ''],
    ]);
    expect(rows.map((row) => [row.rating, row.answer_revenir, row.answer_moments, row.answer_idee, row.comment, row.stage_town, row.device])).toEqual([
      ['5', 'oui', 'visite | repas', "'=SUM(A1)", "'=1+1", stage.town, 'Tablette Chanac'],
      ['3', 'non', 'visite', '', '<script>alert(1)</script>; merci, "vraiment"', stage.town, 'Tablette Chanac'],
      ['4', '', '', '', "'@maire -2", stage.town, 'Tablette Chanac'],
    ]);
  });

  it('writes semicolons for French Excel when asked', async () => {
    const response = await t.app.request(`${BASE}/feedback.csv?separator=semicolon`, { headers: { authorization: `Bearer ${organizer.token}` } });
    const [header, first] = (await response.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(header!.startsWith('id;created_at;received_at;stage_id;stage_town;rating;')).toBe(true);
    expect(first!.split(';')[5]).toBe('5');
    const rows = Papa.parse<Record<string, string>>((await (await t.app.request(`${BASE}/feedback.csv?separator=semicolon`, { headers: { authorization: `Bearer ${organizer.token}` } })).text()).replace(/^\uFEFF/, ''), { header: true, delimiter: ';', skipEmptyLines: true }).data;
    expect(rows[1]!.comment).toBe('<script>alert(1)</script>; merci, "vraiment"');
  });

  it('heads the questions and writes the choices in the event’s own language', async () => {
    await t.database.db.updateTable('events').set({ defaultLocale: 'en' }).where('slug', '=', 'tiers-lieux-lozere').execute();
    try {
      const rows = parse(await (await get('feedback.csv', organizer.token)).text());
      expect(Object.keys(rows[0]!)).toContain('Would you come back to a third place?');
      expect(rows.map((row) => row['Would you come back to a third place?'])).toEqual(['Yes', 'No', '']);
    } finally {
      await t.database.db.updateTable('events').set({ defaultLocale: 'fr' }).where('slug', '=', 'tiers-lieux-lozere').execute();
    }
  });
});
