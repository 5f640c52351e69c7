import { afterEach, describe, expect, it } from 'vitest';
import { demoWeekMonday } from '../../../src/server/demo/seed.ts';
import { formatDay, localDay } from '../../../src/shared/time.ts';

/**
 * Locale data differs between engines and ICU versions: WebKitGTK with Debian's ICU 72 formats
 * `Intl.DateTimeFormat('en-CA')` dates as `12/07/2026`, not `2026-12-07`. Here every date-only
 * format() answers that way (its parts stay as they are): days must not depend on it.
 */
const realFormat = Object.getOwnPropertyDescriptor(Intl.DateTimeFormat.prototype, 'format')!;

function formatLikeOldIcu(): void {
  Object.defineProperty(Intl.DateTimeFormat.prototype, 'format', {
    configurable: true,
    get(this: Intl.DateTimeFormat) {
      const options = this.resolvedOptions();
      const dateOnly = options.year !== undefined && options.hour === undefined && options.weekday === undefined && options.timeZoneName === undefined;
      if (!dateOnly) return realFormat.get!.call(this) as Intl.DateTimeFormat['format'];
      return (date?: Date | number) => {
        const parts = Object.fromEntries(this.formatToParts(date).map((part) => [part.type, part.value]));
        return `${parts.month}/${parts.day}/${parts.year}`;
      };
    },
  });
}

describe('calendar days whatever the locale data of the engine', () => {
  afterEach(() => Object.defineProperty(Intl.DateTimeFormat.prototype, 'format', realFormat));

  it('gives YYYY-MM-DD in the event zone when en-CA formats as MM/DD/YYYY', () => {
    formatLikeOldIcu();
    expect(new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date('2026-12-07T12:00:00Z'))).toBe('12/07/2026');
    expect(localDay('2026-12-07T12:00:00.000Z', 'Europe/Paris')).toBe('2026-12-07');
    expect(localDay('2026-11-22T23:30:00.000Z', 'Europe/Paris')).toBe('2026-11-23');
    expect(localDay('2026-11-22T23:30:00.000Z', 'America/New_York')).toBe('2026-11-22');
    expect(formatDay(localDay('2026-12-07T12:00:00.000Z', 'Europe/Paris'), 'fr')).toBe('lundi 7 décembre');
  });

  it('places the demo week from the day in the event zone, not from a formatted date', () => {
    formatLikeOldIcu();
    expect(demoWeekMonday(new Date('2026-12-08T10:00:00Z'))).toBe('2026-12-07'); // a Tuesday: this week
    expect(demoWeekMonday(new Date('2026-12-11T10:00:00Z'))).toBe('2026-12-14'); // a Friday: next week
    expect(demoWeekMonday(new Date('2026-12-06T23:30:00Z'))).toBe('2026-12-07'); // Monday already in Paris
  });
});
