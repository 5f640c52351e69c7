import type { StageRecord, TalkRecord } from '../../shared/domain.ts';
import { byStartsAt, localDay } from '../../shared/time.ts';

/** A stage with its talks, in time order. */
export interface StageWithTalks {
  stage: StageRecord;
  talks: TalkRecord[];
}

/** One day of the programme (YYYY-MM-DD in the event's time zone) and its stages. */
export interface ProgrammeDay {
  day: string;
  stages: StageWithTalks[];
}

/**
 * Groups stages by their calendar day in the event's time zone, days and stages in time order.
 * Instants and days are compared as text (YYYY-MM-DD…, all written alike): a collator would give
 * the same order, and the first localeCompare of a page costs tens of milliseconds of main thread.
 */
export function groupByDay(stages: StageRecord[], talks: TalkRecord[], timeZone: string): ProgrammeDay[] {
  const talksByStage = new Map<string, TalkRecord[]>();
  for (const talk of [...talks].sort(byStartsAt)) {
    const list = talksByStage.get(talk.stageId) ?? [];
    list.push(talk);
    talksByStage.set(talk.stageId, list);
  }
  const days = new Map<string, StageWithTalks[]>();
  for (const stage of [...stages].sort(byStartsAt)) {
    const day = localDay(stage.startsAt, timeZone);
    const list = days.get(day) ?? [];
    list.push({ stage, talks: talksByStage.get(stage.id) ?? [] });
    days.set(day, list);
  }
  return [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, list]) => ({ day, stages: list }));
}
