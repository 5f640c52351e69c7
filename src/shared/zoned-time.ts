import { TZDate } from '@date-fns/tz';

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
