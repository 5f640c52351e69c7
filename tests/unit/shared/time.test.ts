import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { byStartsAt, formatDateTime, formatDay, formatTime, localDay } from '../../../src/shared/time.ts';
import { addDays, utcToZoned, zonedToUtc } from '../../../src/shared/zoned-time.ts';

describe('zonedToUtc: wall-clock time in the event zone to an instant', () => {
  it('uses UTC+1 in winter and UTC+2 in summer for Europe/Paris', () => {
    expect(zonedToUtc('2026-11-23', '14:00', 'Europe/Paris')).toBe('2026-11-23T13:00:00.000Z');
    expect(zonedToUtc('2026-07-02', '14:00', 'Europe/Paris')).toBe('2026-07-02T12:00:00.000Z');
  });

  it('is right on both sides of the change of hour', () => {
    // 29 March 2026: 02:00 becomes 03:00 in Paris.
    expect(zonedToUtc('2026-03-29', '01:30', 'Europe/Paris')).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedToUtc('2026-03-29', '03:30', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
    // 25 October 2026: 03:00 becomes 02:00 in Paris.
    expect(zonedToUtc('2026-10-25', '01:00', 'Europe/Paris')).toBe('2026-10-24T23:00:00.000Z');
    expect(zonedToUtc('2026-10-25', '14:00', 'Europe/Paris')).toBe('2026-10-25T13:00:00.000Z');
  });

  it('refuses something that is not a day and a time', () => {
    expect(() => zonedToUtc('2026-11-xx', '14:00', 'Europe/Paris')).toThrow(RangeError);
    expect(() => zonedToUtc('2026-11-23', 'midi', 'Europe/Paris')).toThrow(RangeError);
  });
});

describe('utcToZoned: an instant as the wall clock of the event zone (what a form shows)', () => {
  it('is the inverse of zonedToUtc on both sides of the change of hour', () => {
    for (const [day, time] of [['2026-03-28', '14:00'], ['2026-03-29', '01:30'], ['2026-03-29', '03:30'], ['2026-10-25', '01:00'], ['2026-10-25', '14:00']] as const) {
      expect(utcToZoned(zonedToUtc(day, time, 'Europe/Paris'), 'Europe/Paris')).toEqual({ day, time });
    }
  });

  it('gives the second 02:30 of the night of October (winter time) for the later instant', () => {
    expect(utcToZoned('2026-10-25T00:30:00.000Z', 'Europe/Paris')).toEqual({ day: '2026-10-25', time: '02:30' });
    expect(utcToZoned('2026-10-25T01:30:00.000Z', 'Europe/Paris')).toEqual({ day: '2026-10-25', time: '02:30' });
  });
});

describe('days and times shown in the event zone, whatever the device zone', () => {
  it('puts 23:30 UTC on a Sunday in winter on Monday in Paris', () => {
    expect(localDay('2026-11-22T23:30:00.000Z', 'Europe/Paris')).toBe('2026-11-23');
    expect(localDay('2026-11-22T23:30:00.000Z', 'America/New_York')).toBe('2026-11-22');
  });

  it('shows 14:00 for a stage at 13:00 UTC in November, in French and in English', () => {
    expect(formatTime('2026-11-23T13:00:00.000Z', 'Europe/Paris', 'fr')).toBe('14:00');
    expect(formatTime('2026-11-23T13:00:00.000Z', 'Europe/Paris', 'en')).toMatch(/^0?2:00\sPM$/);
  });

  it('names the day in the chosen language', () => {
    expect(formatDay('2026-11-23', 'fr')).toBe('lundi 23 novembre');
    expect(formatDay('2026-11-23', 'en')).toBe('Monday, November 23');
  });

  it('adds days across the end of a month', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
  });
});

describe('our own writing of days and times, the same as the engine’s locale data', () => {
  // Every 7 h 13 min over a year (both changes of hour), in zones with summer time on
  // either side of the equator, a half-hour offset and none.
  const instants = Array.from({ length: (365 * 24 * 60) / 433 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 433 * 60_000).toISOString());
  const zones = ['Europe/Paris', 'America/New_York', 'Pacific/Auckland', 'Asia/Kolkata', 'UTC'];
  /** Intl's output with its spaces made plain: ICU versions differ in which no-break space they use. */
  const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
  const intl = (locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone, ...options });

  it('writes times, dates with times and days as Intl does, in French and in English', () => {
    for (const timeZone of zones) {
      for (const locale of ['fr', 'en']) {
        const time = intl(locale, timeZone, { hour: '2-digit', minute: '2-digit' });
        const dateTime = intl(locale, timeZone, { dateStyle: 'medium', timeStyle: 'short' });
        const day = intl(locale, 'UTC', { weekday: 'long', day: 'numeric', month: 'long' });
        const days = intl('en-US', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' });
        const ours = instants.map((iso) => [formatTime(iso, timeZone, locale), formatDateTime(iso, timeZone, locale), formatDay(localDay(iso, timeZone), locale)].map(plain));
        const theirs = instants.map((iso) => {
          const p = Object.fromEntries(days.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
          return [time.format(new Date(iso)), dateTime.format(new Date(iso)), day.format(new Date(`${p.year}-${p.month}-${p.day}T12:00:00Z`))].map(plain);
        });
        expect(ours).toEqual(theirs);
      }
    }
  });

  it('puts the calendar day and the wall clock in the event zone', () => {
    for (const timeZone of zones) {
      const parts = intl('en-US', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      const theirs = instants.map((iso) => {
        const p = Object.fromEntries(parts.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
        return [`${p.year}-${p.month}-${p.day}`, `${p.hour === '24' ? '00' : p.hour}:${p.minute}`];
      });
      expect(instants.map((iso) => [localDay(iso, timeZone), formatTime(iso, timeZone, 'fr')])).toEqual(theirs);
    }
  });

  it('writes midnight and noon in English as 12 AM and 12 PM, with a narrow no-break space', () => {
    expect(formatTime('2026-11-22T23:05:00.000Z', 'Europe/Paris', 'en')).toBe('12:05\u202fAM');
    expect(formatTime('2026-11-23T11:05:00.000Z', 'Europe/Paris', 'en')).toBe('12:05\u202fPM');
    expect(formatDateTime('2026-11-23T13:02:00.000Z', 'Europe/Paris', 'en')).toBe('Nov 23, 2026, 2:02\u202fPM');
    expect(formatDateTime('2026-11-23T13:02:00.000Z', 'Europe/Paris', 'fr')).toBe('23 nov. 2026, 14:02');
  });
});

describe('time order of instants without a collator', () => {
  it('sorts instants written by toISOString as localeCompare does, and in time order', () => {
    const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => ({ startsAt: date.toISOString() }));
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 60 }), (items) => {
        const ours = [...items].sort(byStartsAt);
        expect(ours).toEqual([...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt)));
        expect(ours.map((item) => Date.parse(item.startsAt))).toEqual(items.map((item) => Date.parse(item.startsAt)).sort((a, b) => a - b));
      }),
    );
  });
});
