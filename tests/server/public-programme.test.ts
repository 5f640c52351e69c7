import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { seedDemoWeek } from '../../src/server/demo/seed.ts';
import { localDay } from '../../src/shared/time.ts';
import { ProgrammeSchema } from '../../src/shared/programme-schema.ts';
import type { Programme } from '../../src/shared/programme.ts';
import { ENGINE } from './test-database.ts';
import { createTestApp, type TestApp } from './test-app.ts';

const TOWNS = [
  'Langogne',
  'Mende',
  'Le Bleymard',
  'Grandrieu',
  "Saint-Chély-d'Apcher",
  'Chanac',
  'Florac',
  'Le Pont-de-Montvert',
];

describe(`GET /api/public/events/:slug/programme.json (${ENGINE})`, () => {
  let t: TestApp;
  let programme: Programme;
  const now = new Date('2026-11-25T10:00:00Z'); // a Wednesday

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db, now);
    const response = await t.app.request('/api/public/events/tiers-lieux-lozere/programme.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    programme = v.parse(ProgrammeSchema, await response.json());
  });
  afterAll(() => t.close());

  it('serves the demo week: 8 stages in the towns of the founding article, in time order', () => {
    expect(programme.event).toMatchObject({ slug: 'tiers-lieux-lozere', timeZone: 'Europe/Paris', defaultLocale: 'fr' });
    const towns = programme.stages.map((stage) => stage.town);
    for (const [index, town] of TOWNS.entries()) expect(towns[index]).toContain(town);
    const starts = programme.stages.map((stage) => stage.startsAt);
    expect([...starts].sort()).toEqual(starts);
  });

  it('places the week from Monday to Thursday of the current week, in Paris time', () => {
    expect(programme.event.startsOn).toBe('2026-11-23');
    expect(programme.event.endsOn).toBe('2026-11-26');
    const days = new Set(programme.stages.map((stage) => localDay(stage.startsAt, 'Europe/Paris')));
    expect([...days].sort()).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']);
    const langogne = programme.stages[0]!;
    // 14:00 in Paris in November (UTC+1) is 13:00 UTC.
    expect(langogne.startsAt).toBe('2026-11-23T13:00:00.000Z');
  });

  it('marks Florac as an outdoor ephemeral stage, with real coordinates in Lozère', () => {
    const florac = programme.stages.find((stage) => stage.town.startsWith('Florac'))!;
    expect(florac.kind).toBe('ephemeral');
    for (const stage of programme.stages) {
      expect(stage.lat).toBeGreaterThan(44.1);
      expect(stage.lat).toBeLessThan(45.0);
      expect(stage.lng).toBeGreaterThan(2.9);
      expect(stage.lng).toBeLessThan(4.1);
    }
  });

  it('lists about fifteen partner talks, each inside its stage', () => {
    expect(programme.talks.length).toBeGreaterThanOrEqual(13);
    expect(programme.talks.length).toBeLessThanOrEqual(17);
    const stages = new Map(programme.stages.map((stage) => [stage.id, stage]));
    for (const talk of programme.talks) {
      const stage = stages.get(talk.stageId)!;
      expect(talk.startsAt >= stage.startsAt && talk.endsAt <= stage.endsAt).toBe(true);
    }
    expect(programme.talks.map((talk) => talk.speakers.join()).join()).toContain('Lysiane Bonicel');
  });

  it('carries no personal data and no private key', async () => {
    const response = await t.app.request('/api/public/events/tiers-lieux-lozere/programme.json');
    const text = await response.text();
    expect(text).not.toMatch(/example\.(org|com|fr)/);
    expect(text).not.toMatch(/badgePrivateKey|private/i);
    expect(text).not.toContain('Hélène');
  });

  it('answers 404 in words for an unknown event', async () => {
    const response = await t.app.request('/api/public/events/nope/programme.json');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not-found', message: 'No event "nope".' });
  });
});

describe(`GET /api/public/events/:slug/programme.ics (${ENGINE})`, () => {
  let t: TestApp;
  const now = new Date('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoWeek(t.database.db, now);
  });
  afterAll(() => t.close());

  function parse(text: string) {
    const calendar = new ICAL.Component(ICAL.parse(text));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    return calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
  }

  it('serves the whole week as text/calendar: 8 stages at their Paris times, their talks described', async () => {
    const response = await t.app.request('http://127.0.0.1:8080/api/public/events/tiers-lieux-lozere/programme.ics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await response.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const events = parse(text);
    expect(events).toHaveLength(8);
    const langogne = events.find((event) => event.summary.startsWith('Langogne'))!;
    expect(langogne.startDate.toJSDate().toISOString()).toBe('2026-11-23T13:00:00.000Z');
    expect(langogne.startDate.zone.tzid).toBe('Europe/Paris');
    expect(langogne.component.getFirstPropertyValue('url')).toMatch(/^http:\/\/127\.0\.0\.1:8080\/stages\//);
    const programme = (await (await t.app.request('/api/public/events/tiers-lieux-lozere/programme.json')).json()) as Programme;
    const talksOfLangogne = programme.talks.filter((talk) => talk.stageId === programme.stages[0]!.id);
    for (const talk of talksOfLangogne) expect(langogne.description).toContain(talk.title);
  });

  it('serves one stage with ?stage=ID, and 404 for a stage of no such event', async () => {
    const programme = (await (await t.app.request('/api/public/events/tiers-lieux-lozere/programme.json')).json()) as Programme;
    const florac = programme.stages.find((stage) => stage.town.startsWith('Florac'))!;
    const response = await t.app.request(`/api/public/events/tiers-lieux-lozere/programme.ics?stage=${florac.id}`);
    expect(response.status).toBe(200);
    expect(parse(await response.text()).map((event) => event.summary)).toEqual([`${florac.town} — ${florac.title}`]);
    expect((await t.app.request('/api/public/events/tiers-lieux-lozere/programme.ics?stage=nope')).status).toBe(404);
  });

  it('links to PUBLIC_URL when it is set (a server behind a proxy), not to the request’s host', async () => {
    const proxied = await createTestApp({ publicUrl: 'https://etape.example.org' });
    try {
      await seedDemoWeek(proxied.database.db, now);
      const text = await (await proxied.app.request('http://127.0.0.1:8080/api/public/events/tiers-lieux-lozere/programme.ics')).text();
      expect(parse(text)[0]!.component.getFirstPropertyValue('url')).toMatch(/^https:\/\/etape\.example\.org\/stages\//);
    } finally {
      await proxied.close();
    }
  });

  it('answers 404 for an unknown event', async () => {
    const response = await t.app.request('/api/public/events/nope/programme.ics');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not-found' });
  });
});
