import type { StageRecord, TalkRecord } from '../shared/domain.ts';
import { getMeta, putMeta, read, write, type DatabaseRef } from './database.ts';
import { META } from './meta.ts';

/**
 * The programme as a participant last looked at it on this device (only the fields worth a
 * change notice), so that the programme can say what changed since. Kept in the meta table.
 */

export interface SeenStage {
  town: string;
  title: string;
  venue: string;
  address: string;
  startsAt: string;
  endsAt: string;
}

export interface SeenTalk {
  stageId: string;
  title: string;
  startsAt: string;
  endsAt: string;
}

export interface ProgrammeSnapshot {
  stages: Record<string, SeenStage>;
  talks: Record<string, SeenTalk>;
}

/** The snapshot of a programme as it is now. */
export function snapshotOf(stages: readonly StageRecord[], talks: readonly TalkRecord[]): ProgrammeSnapshot {
  return {
    stages: Object.fromEntries(
      stages.map(({ id, town, title, venue, address, startsAt, endsAt }) => [id, { town, title, venue, address, startsAt, endsAt }]),
    ),
    talks: Object.fromEntries(talks.map(({ id, stageId, title, startsAt, endsAt }) => [id, { stageId, title, startsAt, endsAt }])),
  };
}

/** The snapshot last marked as seen, or undefined if this device never showed the programme. */
export async function readSeenProgramme(ref: DatabaseRef, slug: string): Promise<ProgrammeSnapshot | undefined> {
  const value = await read(ref, ['meta'], (tx) => getMeta(tx, META.programmeSeen(slug)), () => undefined);
  return value && typeof value === 'object' && 'stages' in value && 'talks' in value ? (value as ProgrammeSnapshot) : undefined;
}

/** Marks a programme as seen. */
export async function markProgrammeSeen(ref: DatabaseRef, slug: string, snapshot: ProgrammeSnapshot): Promise<void> {
  await write(ref, ['meta'], (tx) => putMeta(tx, META.programmeSeen(slug), snapshot));
}
