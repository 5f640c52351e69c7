import { describe, expect, it } from 'vitest';
import { nowAndNext } from '../../../../src/features/schedule/now-next.ts';
import type { StageRecord, TalkRecord } from '../../../../src/shared/domain.ts';
import { zonedToUtc } from '../../../../src/shared/zoned-time.ts';

const paris = (day: string, time: string) => zonedToUtc(day, time, 'Europe/Paris');
const stage = (id: string, day: string, start: string, end: string): StageRecord => ({
  id,
  eventId: 'e',
  title: `Étape ${id}`,
  town: id,
  venue: 'Salle',
  address: '',
  lat: 44.5,
  lng: 3.5,
  startsAt: paris(day, start),
  endsAt: paris(day, end),
  theme: '',
  kind: 'indoor',
  hosts: [],
});
const talk = (id: string, stageId: string, day: string, start: string, end: string): TalkRecord => ({
  id,
  stageId,
  title: `Intervention ${id}`,
  speakers: [],
  partner: '',
  startsAt: paris(day, start),
  endsAt: paris(day, end),
});

const week = [stage('chanac', '2026-11-25', '14:30', '17:30'), stage('saint-chely', '2026-11-25', '09:30', '12:30'), stage('florac', '2026-11-26', '10:00', '13:00')];
const talks = [talk('ad-occ', 'chanac', '2026-11-25', '15:30', '16:30'), talk('andre-michel', 'chanac', '2026-11-25', '14:30', '15:30')];

describe('now and next, in the event zone', () => {
  it('names the stage and the talk on now, and the next stage', () => {
    const result = nowAndNext(week, talks, new Date(paris('2026-11-25', '15:45')));
    expect(result.now?.stage.id).toBe('chanac');
    expect(result.now?.talk?.id).toBe('ad-occ');
    expect(result.next?.id).toBe('florac');
    expect(result.over).toBe(false);
  });

  it('between two stages there is nothing now, only next', () => {
    const result = nowAndNext(week, talks, new Date(paris('2026-11-25', '13:00')));
    expect(result.now).toBeUndefined();
    expect(result.next?.id).toBe('chanac');
  });

  it('a stage ends at its end time exactly, and after the last one the week is over', () => {
    expect(nowAndNext(week, talks, new Date(paris('2026-11-25', '17:30'))).now).toBeUndefined();
    const after = nowAndNext(week, talks, new Date(paris('2026-11-26', '13:00')));
    expect(after).toEqual({ over: true });
  });

  it('uses instants, so summer time changes nothing: a stage at 14:00 on the Sunday clocks go back', () => {
    const autumn = [stage('autumn', '2026-10-25', '14:00', '16:00')];
    // 14:30 in Paris on 25 October 2026 is 13:30 UTC (winter time has started that morning).
    expect(nowAndNext(autumn, [], new Date('2026-10-25T13:30:00Z')).now?.stage.id).toBe('autumn');
    expect(nowAndNext(autumn, [], new Date('2026-10-25T12:30:00Z')).next?.id).toBe('autumn');
  });
});
