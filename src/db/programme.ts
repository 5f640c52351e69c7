import type { EventRecord, StageRecord, TalkRecord } from '../shared/domain.ts';
import type { Programme } from '../shared/programme.ts';
import type { DeviceIdentity } from './device.ts';
import { META, readMeta } from './meta.ts';
import type { EtapeDatabase } from './schema.ts';

/** What the device knows of an event's programme, as the screens read it. */
export interface StoredProgramme {
  event: EventRecord;
  stages: StageRecord[];
  talks: TalkRecord[];
  fetchedAt: string | null;
}

const fetchedKey = (slug: string) => `programme-fetched:${slug}`;

/**
 * Replaces the device's copy of an event's programme with the one the server sent, in one
 * transaction: stages and talks the server no longer lists are removed, so a reader never sees
 * half of an old programme and half of a new one.
 * The event an enrolled device syncs is left to sync alone (returns false): the public copy
 * carries no change cursor, so it could overwrite newer pulled data or local edits not yet sent.
 */
export async function saveProgramme(db: EtapeDatabase, programme: Programme, fetchedAt: string): Promise<boolean> {
  const { event, stages, talks } = programme;
  return db.transaction('rw', [db.events, db.stages, db.talks, db.meta], async () => {
    const device = (await readMeta(db, META.device)) as DeviceIdentity | undefined;
    if (device && (device.eventId === event.id || device.eventSlug === event.slug)) return false;
    const oldStageIds = await db.stages.where('eventId').equals(event.id).primaryKeys();
    const keptStageIds = new Set(stages.map((stage) => stage.id));
    const goneStageIds = oldStageIds.filter((id) => !keptStageIds.has(id));
    const oldTalkIds = await db.talks.where('stageId').anyOf(oldStageIds).primaryKeys();
    const keptTalkIds = new Set(talks.map((talk) => talk.id));

    await db.events.put(event);
    await db.stages.bulkDelete(goneStageIds);
    await db.talks.bulkDelete(oldTalkIds.filter((id) => !keptTalkIds.has(id)));
    await db.stages.bulkPut(stages);
    await db.talks.bulkPut(talks);
    await db.meta.put({ key: fetchedKey(event.slug), value: fetchedAt });
    return true;
  });
}

/** The stored programme of an event, stages and talks in time order; undefined if never fetched. */
export async function readProgramme(db: EtapeDatabase, slug: string): Promise<StoredProgramme | undefined> {
  return db.transaction('r', [db.events, db.stages, db.talks, db.meta], async () => {
    const event = await db.events.where('slug').equals(slug).first();
    if (!event) return undefined;
    const stages = await db.stages.where('eventId').equals(event.id).sortBy('startsAt');
    const talks = await db.talks.where('stageId').anyOf(stages.map((stage) => stage.id)).sortBy('startsAt');
    const fetched = await db.meta.get(fetchedKey(slug));
    return { event, stages, talks, fetchedAt: typeof fetched?.value === 'string' ? fetched.value : null };
  });
}
