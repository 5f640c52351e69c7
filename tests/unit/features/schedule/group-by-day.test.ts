import { describe, expect, it } from 'vitest';
import { groupByDay } from '../../../../src/features/schedule/group-by-day.ts';
import type { StageRecord, TalkRecord } from '../../../../src/shared/domain.ts';

const stage = (id: string, startsAt: string): StageRecord => ({
  id,
  eventId: 'e',
  title: id,
  town: id,
  venue: '',
  address: '',
  lat: 44.5,
  lng: 3.5,
  startsAt,
  endsAt: startsAt,
  theme: '',
  kind: 'indoor',
  hosts: [],
});
const talk = (id: string, stageId: string, startsAt: string): TalkRecord => ({
  id,
  stageId,
  title: id,
  speakers: [],
  partner: '',
  startsAt,
  endsAt: startsAt,
});

describe('groupByDay', () => {
  it('groups stages by their day in Paris, in time order, each with its talks in order', () => {
    const days = groupByDay(
      [
        stage('grandrieu', '2026-11-24T16:30:00.000Z'),
        stage('mende', '2026-11-24T08:30:00.000Z'),
        stage('late-sunday-utc', '2026-11-22T23:30:00.000Z'),
      ],
      [talk('b', 'mende', '2026-11-24T09:45:00.000Z'), talk('a', 'mende', '2026-11-24T08:45:00.000Z')],
      'Europe/Paris',
    );
    expect(days.map((day) => day.day)).toEqual(['2026-11-23', '2026-11-24']);
    expect(days[1]!.stages.map((s) => s.stage.id)).toEqual(['mende', 'grandrieu']);
    expect(days[1]!.stages[0]!.talks.map((t) => t.id)).toEqual(['a', 'b']);
    expect(days[1]!.stages[1]!.talks).toEqual([]);
  });

  it('gives no day for no stage', () => {
    expect(groupByDay([], [], 'Europe/Paris')).toEqual([]);
  });
});
