import type { ProgrammeSnapshot, SeenStage } from '../../db/programme-seen.ts';
import { byStartsAt } from '../../shared/time.ts';

/**
 * What changed in the programme since a participant last looked, as conference apps show in
 * their changelog: "Florac : commence à 15:00 au lieu de 14:00". The device keeps a snapshot of
 * the programme as last seen (src/db/programme-seen.ts) and compares the current one with it.
 */

export type ProgrammeChange =
  | { kind: 'stage-added'; stageId: string; town: string; startsAt: string }
  | { kind: 'stage-removed'; town: string }
  | { kind: 'stage-starts'; stageId: string; town: string; from: string; to: string }
  | { kind: 'stage-ends'; stageId: string; town: string; from: string; to: string }
  | { kind: 'stage-venue'; stageId: string; town: string; from: string; to: string }
  | { kind: 'talk-added'; stageId: string; town: string; title: string; startsAt: string }
  | { kind: 'talk-removed'; town: string; title: string }
  | { kind: 'talk-starts'; stageId: string; town: string; title: string; from: string; to: string }
  | { kind: 'talk-moved'; stageId: string; town: string; title: string; fromTown: string }
  | { kind: 'talk-renamed'; stageId: string; town: string; from: string; to: string };

const place = (stage: SeenStage) => [stage.venue, stage.address].filter(Boolean).join(', ');

/** The changes from `seen` to `now`, stages first then talks, each in time order. */
export function programmeChanges(seen: ProgrammeSnapshot, now: ProgrammeSnapshot): ProgrammeChange[] {
  const changes: ProgrammeChange[] = [];
  const townOf = (stageId: string) => now.stages[stageId]?.town ?? seen.stages[stageId]?.town ?? '';
  const byTime = <T extends { startsAt: string }>(entries: [string, T][]) =>
    entries.sort(([, a], [, b]) => byStartsAt(a, b));

  for (const [id, stage] of byTime(Object.entries(now.stages))) {
    const before = seen.stages[id];
    if (!before) {
      changes.push({ kind: 'stage-added', stageId: id, town: stage.town, startsAt: stage.startsAt });
      continue;
    }
    if (before.startsAt !== stage.startsAt) changes.push({ kind: 'stage-starts', stageId: id, town: stage.town, from: before.startsAt, to: stage.startsAt });
    if (before.endsAt !== stage.endsAt) changes.push({ kind: 'stage-ends', stageId: id, town: stage.town, from: before.endsAt, to: stage.endsAt });
    if (place(before) !== place(stage)) changes.push({ kind: 'stage-venue', stageId: id, town: stage.town, from: place(before), to: place(stage) });
  }
  for (const [id, stage] of byTime(Object.entries(seen.stages))) {
    if (!now.stages[id]) changes.push({ kind: 'stage-removed', town: stage.town });
  }

  for (const [id, talk] of byTime(Object.entries(now.talks))) {
    const before = seen.talks[id];
    const town = townOf(talk.stageId);
    if (!before) {
      // The talks of a new stage come with it: the stage's own notice says enough.
      if (seen.stages[talk.stageId]) changes.push({ kind: 'talk-added', stageId: talk.stageId, town, title: talk.title, startsAt: talk.startsAt });
      continue;
    }
    if (before.stageId !== talk.stageId) {
      changes.push({ kind: 'talk-moved', stageId: talk.stageId, town, title: talk.title, fromTown: townOf(before.stageId) });
    } else if (before.startsAt !== talk.startsAt) {
      changes.push({ kind: 'talk-starts', stageId: talk.stageId, town, title: talk.title, from: before.startsAt, to: talk.startsAt });
    }
    if (before.title !== talk.title) changes.push({ kind: 'talk-renamed', stageId: talk.stageId, town, from: before.title, to: talk.title });
  }
  for (const [id, talk] of byTime(Object.entries(seen.talks))) {
    // The talks of a removed stage go with it.
    if (!now.talks[id] && now.stages[talk.stageId]) changes.push({ kind: 'talk-removed', town: townOf(talk.stageId), title: talk.title });
  }
  return changes;
}
