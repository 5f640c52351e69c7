import type { EventRecord, StageRecord, TalkRecord } from '../shared/domain.ts';
import type { Programme } from '../shared/programme.ts';
import { isIdentity } from './device.ts';
import { all, getMeta, read, write, type DatabaseRef, type TableName } from './database.ts';
import { META } from './meta.ts';
import type { MetaRow } from './schema.ts';

/**
 * The device's copy of an event's programme. Screens re-read it when PROGRAMME_TABLES change
 * (live-query.ts).
 */

/** What the device knows of an event's programme, as the screens read it. */
export interface StoredProgramme {
  event: EventRecord;
  stages: StageRecord[];
  talks: TalkRecord[];
  fetchedAt: string | null;
}

/** The tables readProgramme reads: a screen showing it re-reads when one of them changes. */
export const PROGRAMME_TABLES: readonly TableName[] = ['events', 'stages', 'talks', 'meta'];

const fetchedKey = (slug: string) => `programme-fetched:${slug}`;

/** Time order (a stable sort: equal times keep their order). */
const byStart = (a: { startsAt: string }, b: { startsAt: string }) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0);

/**
 * Replaces the device's copy of an event's programme with the one the server sent, in one
 * transaction: stages and talks the server no longer lists are removed, so a reader never sees
 * half of an old programme and half of a new one.
 * The event an enrolled device syncs is left to sync alone (returns false): the public copy
 * carries no change cursor, so it could overwrite newer pulled data or local edits not yet sent.
 */
export async function saveProgramme(ref: DatabaseRef, programme: Programme, fetchedAt: string): Promise<boolean> {
  const { event, stages, talks } = programme;
  return write(ref, ['events', 'stages', 'talks', 'meta'], async (tx) => {
    const device = await getMeta(tx, META.device);
    if (isIdentity(device) && (device.eventId === event.id || device.eventSlug === event.slug)) return false;
    const stageStore = tx.objectStore('stages');
    const talkStore = tx.objectStore('talks');
    const oldStageIds = (await stageStore.index('eventId').getAllKeys(event.id)) as string[];
    const oldTalkIds = (await Promise.all(oldStageIds.map((id) => talkStore.index('stageId').getAllKeys(id)))).flat() as string[];
    const keptStageIds = new Set(stages.map((stage) => stage.id));
    const keptTalkIds = new Set(talks.map((talk) => talk.id));
    // Every request at once, in this order; the first failure aborts the transaction, and all of them with it.
    await all((send) => {
      send(tx.objectStore('events').put(event));
      for (const id of oldStageIds) if (!keptStageIds.has(id)) send(stageStore.delete(id));
      for (const id of oldTalkIds) if (!keptTalkIds.has(id)) send(talkStore.delete(id));
      for (const stage of stages) send(stageStore.put(stage));
      for (const talk of talks) send(talkStore.put(talk));
      send(tx.objectStore('meta').put({ key: fetchedKey(event.slug), value: fetchedAt } satisfies MetaRow));
    });
    return true;
  });
}

/** The stored programme of an event, stages and talks in time order; undefined if never fetched. */
export function readProgramme(ref: DatabaseRef, slug: string): Promise<StoredProgramme | undefined> {
  return read(
    ref,
    ['events', 'stages', 'talks', 'meta'],
    async (tx) => {
      const event = await tx.objectStore('events').index('slug').get(slug);
      if (!event) return undefined;
      const stages = (await tx.objectStore('stages').index('eventId').getAll(event.id)).sort(byStart);
      // Talks gathered in stage id order, then put in time order (a stable sort: the order of equal times is always the same).
      const stageIds = stages.map((stage) => stage.id).sort();
      const talks = (await Promise.all(stageIds.map((id) => tx.objectStore('talks').index('stageId').getAll(id)))).flat().sort(byStart);
      const fetched = await getMeta(tx, fetchedKey(slug));
      return { event, stages, talks, fetchedAt: typeof fetched === 'string' ? fetched : null };
    },
    // A device that never stored anything has no programme: its database need not be created to say so.
    () => undefined,
  );
}
