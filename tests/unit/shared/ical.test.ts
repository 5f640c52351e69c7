import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, foldLine } from '../../../src/shared/ical.ts';
import { stageCalendar, starredCalendar, weekCalendar } from '../../../src/shared/programme-calendar.ts';
import { zonedToUtc } from '../../../src/shared/zoned-time.ts';
import { sampleProgramme } from '../fixtures.ts';

/** Parses with ical.js (the parser of Thunderbird's calendar) and resolves times through the file's VTIMEZONE. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
  return { calendar, events };
}

const origin = 'https://etape.example';
const now = new Date('2026-11-25T10:00:00Z');

describe('iCalendar', () => {
  it('gives every time in the event zone, with that zone described, and a real parser reads the right instants', () => {
    const text = weekCalendar(sampleProgramme(), origin, now);
    const { calendar, events } = parse(text);
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
    expect(text).toContain('DTSTART;TZID=Europe/Paris:20261123T140000'); // 13:00Z is 14:00 in Paris in November
    expect(events.map((event) => event.startDate.toJSDate().toISOString()).sort()).toEqual([
      '2026-11-23T13:00:00.000Z',
      '2026-11-26T09:00:00.000Z',
    ]);
    expect(events.map((event) => event.startDate.zone.tzid)).toEqual(['Europe/Paris', 'Europe/Paris']);
  });

  it('is right on both sides of the change of hour (last Sunday of March, last Sunday of October)', () => {
    const programme = sampleProgramme();
    const [first, second] = programme.stages;
    const stages = [
      { ...first!, startsAt: zonedToUtc('2026-03-28', '14:00', 'Europe/Paris'), endsAt: zonedToUtc('2026-03-28', '18:00', 'Europe/Paris') },
      { ...second!, startsAt: zonedToUtc('2026-03-29', '14:00', 'Europe/Paris'), endsAt: zonedToUtc('2026-10-25', '14:00', 'Europe/Paris') },
    ];
    const { events } = parse(weekCalendar({ ...programme, stages, talks: [] }, origin, now));
    const byId = Object.fromEntries(events.map((event) => [event.uid, event]));
    expect(byId[`stage-${first!.id}@etape`]!.startDate.toJSDate().toISOString()).toBe('2026-03-28T13:00:00.000Z'); // UTC+1
    expect(byId[`stage-${second!.id}@etape`]!.startDate.toJSDate().toISOString()).toBe('2026-03-29T12:00:00.000Z'); // UTC+2
    expect(byId[`stage-${second!.id}@etape`]!.endDate.toJSDate().toISOString()).toBe('2026-10-25T13:00:00.000Z'); // UTC+1 again
  });

  it('ends every line with CRLF and folds them at 75 octets without cutting a character', () => {
    const programme = sampleProgramme();
    const theme = 'Télétravail, coworking ; écosystèmes numériques des territoires ruraux — '.repeat(4);
    const text = weekCalendar({ ...programme, stages: programme.stages.map((stage) => ({ ...stage, theme })) }, origin, now);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    const { events } = parse(text);
    expect(events[0]!.description.startsWith(theme)).toBe(true); // unfolded and unescaped back to the same text
  });

  it('never splits a multi-byte character when folding', () => {
    const folded = foldLine(`SUMMARY:${'é'.repeat(100)}`);
    for (const line of folded.split('\r\n')) {
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'é'.repeat(100)}`);
  });

  it('escapes commas, semicolons, backslashes and new lines in text', () => {
    const title = 'Atelier ; café, croissants \\ et\nquestions';
    const text = buildCalendar({
      name: 'Essai',
      timeZone: 'Europe/Paris',
      now,
      entries: [{ uid: 'x@etape', title, startsAt: '2026-11-23T13:00:00.000Z', endsAt: '2026-11-23T14:00:00.000Z' }],
    });
    expect(parse(text).events[0]!.summary).toBe(title);
  });

  it('makes one stage, and the starred talks, with a link back to the stage page', () => {
    const programme = sampleProgramme();
    const one = parse(stageCalendar(programme, 'stage-langogne', origin, now)).events;
    expect(one.map((event) => event.summary)).toEqual(['Langogne — Langogne']);
    expect(one[0]!.description).toContain('14:45 Géolocalisation commerciale (Lysiane Bonicel — CCI de la Lozère)');
    expect(one[0]!.component.getFirstPropertyValue('url')).toBe(`${origin}/stages/stage-langogne`);
    const starred = parse(starredCalendar(programme, ['talk-1'], origin, now)).events;
    expect(starred.map((event) => [event.summary, event.location])).toEqual([
      ['Géolocalisation commerciale', 'Langogne, MSAP, 48300 Langogne'],
    ]);
    expect(parse(starredCalendar(programme, [], origin, now)).events).toHaveLength(0);
  });

  it('drops control characters, writes coordinates without exponents, and no GEO for a place without coordinates', () => {
    const base = { startsAt: '2026-11-23T13:00:00.000Z', endsAt: '2026-11-23T14:00:00.000Z' };
    const text = buildCalendar({
      name: 'Essai',
      timeZone: 'Europe/Paris',
      now,
      entries: [
        { ...base, uid: 'a;b@etape', title: 'Atelier\u000b vidéo', geo: { lat: 1e-7, lng: 3.5933 } },
        { ...base, uid: 'c@etape', title: 'Sans lieu', geo: { lat: 0, lng: 0 } },
      ],
    });
    expect(text).toContain('SUMMARY:Atelier vidéo\r\n');
    expect(text).toContain('UID:a\\;b@etape\r\n');
    expect(text).toContain('GEO:0;3.5933\r\n');
    expect(text.match(/GEO:/g)).toHaveLength(1);
    expect(parse(text).events.map((event) => event.uid)).toEqual(['a;b@etape', 'c@etape']);
  });

  it('describes a zone without summer time with one observance', () => {
    const text = buildCalendar({ name: 'Réunion', timeZone: 'Indian/Reunion', now, entries: [] });
    expect(text).toContain('TZOFFSETFROM:+0400\r\nTZOFFSETTO:+0400');
    expect(() => parse(text)).not.toThrow();
  });
});
