import { offsetChanges, offsetMinutes, utcToZoned } from './zoned-time.ts';

/**
 * An iCalendar (RFC 5545) writer, enough for Google Calendar, Apple Calendar and Thunderbird:
 * times given in the event's time zone (TZID) with that zone described in a VTIMEZONE, text
 * escaped, lines folded at 75 octets, CRLF line ends. Used by the server's programme.ics and by
 * the app (offline downloads of a stage or of the starred talks).
 */

export interface CalendarEntry {
  /** Unique and stable: a calendar app updates the event it imported before instead of adding one. */
  uid: string;
  title: string;
  startsAt: string;
  endsAt: string;
  location?: string;
  description?: string;
  geo?: { lat: number; lng: number };
  url?: string;
}

export interface Calendar {
  name: string;
  timeZone: string;
  entries: CalendarEntry[];
  /** DTSTAMP of every entry (when the file was made). */
  now?: Date;
}

const encoder = new TextEncoder();

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // Other control characters are not allowed in a TEXT value (RFC 5545 §3.3.11).
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/** A coordinate as an iCalendar FLOAT (never in exponent notation). */
const coordinate = (value: number) => String(Number(value.toFixed(6)).toFixed(6)).replace(/\.?0+$/, '');

/** Folds a content line into lines of at most 75 octets, never inside a UTF-8 character (§3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // Continuation lines start with a space, which counts in their 75 octets.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `20261123T100000` in the time zone's wall clock. */
function localStamp(instant: string | Date, timeZone: string): string {
  const { day, time } = utcToZoned(instant, timeZone);
  return `${day.replace(/-/g, '')}T${time.replace(':', '')}00`;
}

/** `20261123T090000Z`. */
function utcStamp(instant: Date): string {
  return instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** `+0100` from minutes. */
function utcOffset(minutes: number): string {
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;
}

/**
 * The VTIMEZONE of `timeZone` for the years the entries span (and the year before, so that the
 * rule in force on the first entry is included): each change of offset as its own observance.
 */
function timeZoneLines(timeZone: string, entries: CalendarEntry[]): string[] {
  const instants = entries.flatMap((entry) => [entry.startsAt, entry.endsAt]).sort();
  const firstYear = new Date(instants[0] ?? Date.now()).getUTCFullYear() - 1;
  const lastYear = new Date(instants.at(-1) ?? Date.now()).getUTCFullYear() + 1;
  const from = `${firstYear}-01-01T00:00:00Z`;
  const changes = offsetChanges(timeZone, from, `${lastYear}-01-01T00:00:00Z`);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  if (changes.length === 0) {
    const offset = utcOffset(offsetMinutes(timeZone, from));
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD');
  }
  const standard = Math.min(...changes.map((change) => change.offset));
  let before = offsetMinutes(timeZone, from);
  for (const { at, offset } of changes) {
    const kind = offset > standard ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the wall clock just before the change, in the offset in force before it.
    const wall = new Date(at.getTime() + before * 60_000).toISOString();
    const start = `${wall.slice(0, 10).replace(/-/g, '')}T${wall.slice(11, 19).replace(/:/g, '')}`;
    lines.push(`BEGIN:${kind}`, `DTSTART:${start}`, `TZOFFSETFROM:${utcOffset(before)}`, `TZOFFSETTO:${utcOffset(offset)}`, `END:${kind}`);
    before = offset;
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

/** The whole .ics file. */
export function buildCalendar({ name, timeZone, entries, now = new Date() }: Calendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Étape//Programme//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    `X-WR-TIMEZONE:${timeZone}`,
    ...timeZoneLines(timeZone, entries),
  ];
  for (const entry of entries) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(entry.uid)}`,
      `DTSTAMP:${utcStamp(now)}`,
      `DTSTART;TZID=${timeZone}:${localStamp(entry.startsAt, timeZone)}`,
      `DTEND;TZID=${timeZone}:${localStamp(entry.endsAt, timeZone)}`,
      `SUMMARY:${escapeText(entry.title)}`,
    );
    if (entry.location) lines.push(`LOCATION:${escapeText(entry.location)}`);
    // A place without coordinates (0, 0 off the coast of Africa) gets no GEO.
    if (entry.geo && (entry.geo.lat !== 0 || entry.geo.lng !== 0)) lines.push(`GEO:${coordinate(entry.geo.lat)};${coordinate(entry.geo.lng)}`);
    if (entry.description) lines.push(`DESCRIPTION:${escapeText(entry.description)}`);
    if (entry.url) lines.push(`URL:${entry.url}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
