import { TZDate, tzOffset, tzScan } from '@date-fns/tz';

/**
 * The UTC instant (ISO string) of a wall-clock time on a day in a time zone:
 * `zonedToUtc('2026-03-29', '14:00', 'Europe/Paris')` is 12:00Z (summer time).
 * Only module that imports @date-fns/tz.
 */
export function zonedToUtc(day: string, time: string, timeZone: string): string {
  const [year, month, date] = day.split('-').map(Number);
  const [hours, minutes] = time.split(':').map(Number);
  if ([year, month, date, hours, minutes].some((n) => n === undefined || !Number.isInteger(n))) {
    throw new RangeError(`Not a day and a time: ${day} ${time}`);
  }
  const zoned = new TZDate(year!, month! - 1, date!, hours!, minutes!, timeZone);
  return new Date(zoned.getTime()).toISOString();
}

/** Adds whole days to a calendar day (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T12:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** The UTC offset of a time zone at an instant, in minutes (Paris in summer: 120). */
export function offsetMinutes(timeZone: string, instant: string | Date): number {
  return tzOffset(timeZone, new Date(instant));
}

/** The instants, between two instants, at which a time zone's offset changes, with the new offset. */
export function offsetChanges(timeZone: string, from: string | Date, to: string | Date): { at: Date; offset: number }[] {
  return tzScan(timeZone, { start: new Date(from), end: new Date(to) }).map((change) => ({ at: change.date, offset: change.offset }));
}

/** The wall clock of an instant in a time zone: day YYYY-MM-DD and time HH:mm. */
export function utcToZoned(instant: string | Date, timeZone: string): { day: string; time: string } {
  const zoned = new TZDate(new Date(instant).getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    day: `${zoned.getFullYear()}-${pad(zoned.getMonth() + 1)}-${pad(zoned.getDate())}`,
    time: `${pad(zoned.getHours())}:${pad(zoned.getMinutes())}`,
  };
}
