import { describe, expect, it } from 'vitest';
import { formatDay, formatTime, localDay } from '../../../src/shared/time.ts';
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
