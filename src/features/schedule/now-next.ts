import type { StageRecord, TalkRecord } from '../../shared/domain.ts';
import { byStartsAt } from '../../shared/time.ts';

/** What is on right now and what comes next, for the banner at the top of the programme. */
export interface NowNext {
  /** The stage running now, with the talk running now in it, if any. */
  now?: { stage: StageRecord; talk?: TalkRecord };
  /** The next stage to start (after the one running now, if any). */
  next?: StageRecord;
  /** The week is over: every stage has ended. */
  over: boolean;
}

const isOn = (item: { startsAt: string; endsAt: string }, at: string) => item.startsAt <= at && at < item.endsAt;

/** Finds the stage (and talk) on at `at` and the next stage, comparing instants (time zones do not matter here). */
export function nowAndNext(stages: StageRecord[], talks: TalkRecord[], at: Date): NowNext {
  const iso = at.toISOString();
  const ordered = [...stages].sort(byStartsAt);
  const current = ordered.find((stage) => isOn(stage, iso));
  const talk = current ? talks.find((t) => t.stageId === current.id && isOn(t, iso)) : undefined;
  const next = ordered.find((stage) => stage.startsAt > iso);
  return {
    ...(current ? { now: { stage: current, ...(talk ? { talk } : {}) } } : {}),
    ...(next ? { next } : {}),
    over: ordered.length > 0 && ordered.every((stage) => stage.endsAt <= iso),
  };
}
