import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/server/cli.ts';
import { createEvent } from '../../../src/server/events/create-event.ts';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { ENGINE } from '../test-database.ts';
import { createTestApp, type TestApp } from '../test-app.ts';
import { checkin, demoIds, enrolDevice, type TestDevice } from '../sync-fixtures.ts';

describe(`Tout télécharger: one .zip of an event (${ENGINE})`, () => {
  let t: TestApp;
  let organizer: TestDevice;
  const kept = 'Super accueil à Florac, merci !';
  const left = 'Trop de vent.';
  let keptId: string;
  beforeAll(async () => {
    t = await createTestApp({ publicUrl: 'https://etape.example.org' });
    await seedDemoWeek(t.database.db);
    await createEvent(t.database.db, { name: 'Autre', slug: 'autre-2027', startsOn: '2027-06-01', endsOn: '2027-06-02', timeZone: 'Europe/Paris', defaultLocale: 'fr' });
    organizer = await enrolDevice(t.app, t.database, 'organizer');
    const kiosk = await enrolDevice(t.app, t.database, 'kiosk');
    const { stages, participants } = await demoIds(t.database);
    await organizer.push([organizer.op('checkin.record', checkin(participants[0]!.id, stages[0]!.id))]);
    keptId = randomUUID();
    const answer = (id: string, comment: string, rating: number) => ({ id, stageId: stages[0]!.id, rating, answers: {}, comment, createdAt: new Date().toISOString() });
    await kiosk.push([kiosk.op('feedback.record', answer(keptId, kept, 5)), kiosk.op('feedback.record', answer(randomUUID(), left, 3))]);
  });
  afterAll(() => t.close());

  const download = (device: TestDevice, path: string) => t.app.request(path, { headers: { authorization: `Bearer ${device.token}` } });

  it('holds the three CSV exports as served, the programme as .ics and .json, and the report as standalone HTML', async () => {
    const response = await download(organizer, `/api/events/tiers-lieux-lozere/export.zip?comments=${keptId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="tiers-lieux-lozere.zip"');
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(files)).toEqual(
      ['participants.csv', 'checkins.csv', 'feedback.csv', 'programme.ics', 'programme.json', 'report.html'].map((name) => `tiers-lieux-lozere/${name}`),
    );
    const file = (name: string) => strFromU8(files[`tiers-lieux-lozere/${name}`]!);
    for (const csv of ['participants.csv', 'checkins.csv', 'feedback.csv']) {
      const served = await download(organizer, `/api/events/tiers-lieux-lozere/exports/${csv}`);
      expect(file(csv)).toBe(await served.text());
    }
    expect(file('participants.csv').split('\r\n').filter(Boolean)).toHaveLength(91);
    const calendar = new ICAL.Component(ICAL.parse(file('programme.ics')));
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(8);
    expect(file('programme.ics')).toContain('https://etape.example.org/');
    const programme = JSON.parse(file('programme.json')) as { event: { slug: string }; stages: unknown[] };
    expect(programme.event.slug).toBe('tiers-lieux-lozere');
    expect(programme.stages).toHaveLength(8);
    const report = file('report.html');
    expect(report).toMatch(/^<!doctype html>/);
    expect(report).not.toMatch(/<script|<link|src="http/);
    expect(report).toContain('<h1>Semaine des tiers-lieux en Lozère — Rapport</h1>');
    expect(report).toMatch(/<th scope="row">Personnes venues<\/th><td>1<\/td>/);
    expect(report).toMatch(/<th scope="row">Note moyenne \(sur 5\)<\/th><td>4<\/td>/);
    expect(report).toContain(kept.replace("'", '&#39;'));
    expect(report).not.toContain(left);
  });

  it('is for the organizers of that event only', async () => {
    const animator = await enrolDevice(t.app, t.database, 'animator');
    expect((await download(animator, '/api/events/tiers-lieux-lozere/export.zip')).status).toBe(403);
    const other = await enrolDevice(t.app, t.database, 'organizer', 'Autre orga', { eventSlug: 'autre-2027' });
    const refused = await download(other, '/api/events/tiers-lieux-lozere/export.zip');
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({ error: 'not-found', message: 'No event "tiers-lieux-lozere" for this device.' });
    expect((await t.app.request('/api/events/tiers-lieux-lozere/export.zip')).status).toBe(401);
    const own = await download(other, '/api/events/autre-2027/export.zip');
    expect(Object.keys(unzipSync(new Uint8Array(await own.arrayBuffer())))).toContain('autre-2027/report.html');
  });

  it('is written to a file by etape event export', async () => {
    for (const [name, value] of Object.entries(t.test.env)) vi.stubEnv(name, value);
    const out: string[] = [];
    const err: string[] = [];
    const file = join(mkdtempSync(join(tmpdir(), 'etape-zip-')), 'semaine.zip');
    const code = await runCli(['event', 'export', 'tiers-lieux-lozere', file], (l) => out.push(l), (l) => err.push(l));
    vi.unstubAllEnvs();
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/^Wrote .*semaine\.zip \(\d+ KB\)/);
    const files = unzipSync(readFileSync(file));
    // From the command line the report quotes every comment.
    expect(strFromU8(files['tiers-lieux-lozere/report.html']!)).toContain(left);
  });
});
