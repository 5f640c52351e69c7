/**
 * Dates and times shown in the event's time zone, whatever the device's own zone, written by our
 * own code in French or English: never a locale's output format (engines' locale data differ: WebKit
 * with ICU 72 formats en-CA as "12/07/2026"), and no Intl.DateTimeFormat where the engine can do
 * without. The first DateTimeFormat a page creates loads ICU's date-format data: about 30 ms of main
 * thread on a laptop, 100 ms and more on a phone, in the very task that paints the programme
 * (docs/benchmarks.md, "Main thread"). Temporal, where the engine has it, gives the wall clock of an
 * instant in a zone in a few milliseconds; elsewhere one numeric formatter per zone does, cached.
 */

/** The wall clock of an instant in a time zone: month 1–12, hour 0–23. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The part of Temporal this module uses (TypeScript's libraries do not describe Temporal yet). */
interface TemporalApi {
  Instant: { fromEpochMilliseconds(ms: number): { toZonedDateTimeISO(timeZone: string): WallClock } };
}

const temporal = (globalThis as { Temporal?: TemporalApi }).Temporal;

/** The wall clock through Temporal: no locale data is loaded. */
export function wallClockByTemporal(api: TemporalApi, ms: number, timeZone: string): WallClock {
  const { year, month, day, hour, minute } = api.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
  return { year, month, day, hour, minute };
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock through one numeric Intl formatter per zone (its parts, never its formatted string). */
export function wallClockByIntl(ms: number, timeZone: string): WallClock {
  let format = zoneFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US-u-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    zoneFormatters.set(timeZone, format);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(ms)) parts[part.type] = part.value;
  // Some engines wrote midnight as hour 24 under h23 in the past: it is hour 0 of the same day.
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute) };
}

/** The wall clock of an instant (ISO string) in a time zone. */
export function wallClock(iso: string, timeZone: string): WallClock {
  const ms = Date.parse(iso);
  return temporal ? wallClockByTemporal(temporal, ms, timeZone) : wallClockByIntl(ms, timeZone);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(iso: string, timeZone: string): string {
  const { year, month, day } = wallClock(iso, timeZone);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The names a date is written with, in each language of the app. */
const NAMES = {
  fr: {
    weekdays: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
    months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
    shortMonths: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  },
  en: {
    weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  },
} as const;

const namesOf = (locale: string) => (locale.startsWith('en') ? NAMES.en : NAMES.fr);
const english = (locale: string) => locale.startsWith('en');
/** Between a time and AM/PM: a narrow no-break space, as the engines' English time has it. */
const NARROW_NBSP = '\u202f';

/** "02:00 PM" with both hour digits (en), as the short times of the programme are written. */
function twelveHour(hour: number, minute: number, hourWidth: 1 | 2): string {
  return `${pad(hour % 12 || 12, hourWidth)}:${pad(minute)}${NARROW_NBSP}${hour < 12 ? 'AM' : 'PM'}`;
}

/** "14:00" (fr) or "02:00 PM" (en) for an instant, in the event's time zone. */
export function formatTime(iso: string, timeZone: string, locale: string): string {
  const { hour, minute } = wallClock(iso, timeZone);
  return english(locale) ? twelveHour(hour, minute, 2) : `${pad(hour)}:${pad(minute)}`;
}

/** "lundi 23 novembre" (fr) or "Monday, November 23" (en) for a calendar day (YYYY-MM-DD). */
export function formatDay(day: string, locale: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const names = namesOf(locale);
  const weekday = names.weekdays[new Date(Date.UTC(year, month - 1, date)).getUTCDay()]!;
  const monthName = names.months[month - 1]!;
  return english(locale) ? `${weekday}, ${monthName} ${date}` : `${weekday} ${date} ${monthName}`;
}

/** "23 nov. 2026, 14:02" (fr) or "Nov 23, 2026, 2:02 PM" (en) for an instant, in the given time zone. */
export function formatDateTime(iso: string, timeZone: string, locale: string): string {
  const { year, month, day, hour, minute } = wallClock(iso, timeZone);
  const shortMonth = namesOf(locale).shortMonths[month - 1]!;
  return english(locale)
    ? `${shortMonth} ${day}, ${year}, ${twelveHour(hour, minute, 1)}`
    : `${day} ${shortMonth} ${year}, ${pad(hour)}:${pad(minute)}`;
}

/** Time order of two ISO instants written alike (every record's `toISOString()`): their text order, without a collator. */
export function byStartsAt(a: { startsAt: string }, b: { startsAt: string }): number {
  return a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0;
}
