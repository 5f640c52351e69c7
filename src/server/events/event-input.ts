import { LOCALES, type Locale } from '../../shared/domain.ts';

/** A mistake in what was asked of an event (a CLI option, an edit), worded for the person who typed it. */
export class EventInputError extends Error {
  override name = 'EventInputError';
}

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,58})[a-z0-9]$/;

/** A slug: 3 to 60 lower-case letters, digits or dashes, not starting or ending with a dash (it goes into addresses). */
export function checkSlug(slug: string): string {
  if (!SLUG_PATTERN.test(slug) || slug.includes('--')) {
    throw new EventInputError(
      `The slug must be 3 to 60 lower-case letters, digits or dashes, starting and ending with a letter or digit (like tiers-lieux-2027), not "${slug}".`,
    );
  }
  return slug;
}

/** A real calendar day written YYYY-MM-DD (2027-02-30 is refused). */
export function checkDay(option: string, text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const at = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!at || at.toISOString().slice(0, 10) !== text) throw new EventInputError(`${option} must be a real day written YYYY-MM-DD, not "${text}".`);
  return text;
}

/** An IANA time zone the server knows (Europe/Paris, America/Montreal…). */
export function checkTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new EventInputError(`Unknown time zone "${zone}": use a name such as Europe/Paris or America/Montreal.`);
  }
  if (!zone.includes('/') && zone !== 'UTC') throw new EventInputError(`Unknown time zone "${zone}": use a name such as Europe/Paris or America/Montreal.`);
  return zone;
}

export function checkLocale(locale: string): Locale {
  if (!(LOCALES as readonly string[]).includes(locale)) throw new EventInputError(`--locale must be ${LOCALES.join(' or ')}, not "${locale}".`);
  return locale as Locale;
}

export function checkDates(startsOn: string, endsOn: string): void {
  if (endsOn < startsOn) throw new EventInputError(`The event ends (${endsOn}) before it starts (${startsOn}).`);
}

export interface NewEventInput {
  name: string;
  slug: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  defaultLocale: Locale;
  /** Slug of an event whose stages, talks and form are copied. */
  from?: string;
}

/** Checks every field of a new event; throws EventInputError on the first mistake. */
export function checkNewEvent(raw: { name?: string; slug?: string; starts?: string; ends?: string; timezone?: string; locale?: string; from?: string }): NewEventInput {
  for (const option of ['name', 'slug', 'starts', 'ends', 'timezone'] as const) {
    if (raw[option] === undefined) throw new EventInputError(`event create needs --${option} (see "etape --help").`);
  }
  const name = raw.name!.trim();
  if (!name) throw new EventInputError('--name must not be empty.');
  if (name.length > 200) throw new EventInputError('--name is at most 200 characters.');
  const input: NewEventInput = {
    name,
    slug: checkSlug(raw.slug!),
    startsOn: checkDay('--starts', raw.starts!),
    endsOn: checkDay('--ends', raw.ends!),
    timeZone: checkTimeZone(raw.timezone!),
    defaultLocale: checkLocale(raw.locale ?? 'fr'),
  };
  checkDates(input.startsOn, input.endsOn);
  if (raw.from !== undefined) input.from = raw.from;
  return input;
}
