/** Dates and times shown in the event's time zone, whatever the device's own zone (Intl only: no library). */

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function cachedFormat(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = dayFormatters.get(key);
  if (!format) {
    format = make();
    dayFormatters.set(key, format);
  }
  return format;
}

/**
 * The calendar day (YYYY-MM-DD) of an instant in a time zone. Built from the numeric parts, never
 * from a locale's output format: engines' locale data differ (WebKit with ICU 72 formats en-CA
 * as "12/07/2026").
 */
export function localDay(iso: string, timeZone: string): string {
  const format = cachedFormat(`day|${timeZone}`, () =>
    new Intl.DateTimeFormat('en-US-u-nu-latn', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  );
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(new Date(iso))) parts[part.type] = part.value;
  return `${parts.year!.padStart(4, '0')}-${parts.month!.padStart(2, '0')}-${parts.day!.padStart(2, '0')}`;
}

/** "14:00" (fr) or "2:00 PM" (en) for an instant, in the event's time zone. */
export function formatTime(iso: string, timeZone: string, locale: string): string {
  const format = cachedFormat(`time|${timeZone}|${locale}`, () =>
    new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }),
  );
  return format.format(new Date(iso));
}

/** "lundi 23 novembre" for a calendar day (YYYY-MM-DD). */
export function formatDay(day: string, locale: string): string {
  const format = cachedFormat(`weekday|${locale}`, () =>
    new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }),
  );
  return format.format(new Date(`${day}T12:00:00Z`));
}

/** "23 nov. 2026, 14:02" for an instant, in the given time zone. */
export function formatDateTime(iso: string, timeZone: string, locale: string): string {
  const format = cachedFormat(`datetime|${timeZone}|${locale}`, () =>
    new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }),
  );
  return format.format(new Date(iso));
}
