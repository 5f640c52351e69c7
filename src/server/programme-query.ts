import type { Kysely } from 'kysely';
import type { Programme } from '../shared/programme.ts';
import type { Tables } from './database/tables.ts';
import { eventRecord, stageRecord, talkRecord } from './sync/records.ts';

/** The public programme of an event (no personal data), or undefined for an unknown slug. */
export async function loadProgramme(db: Kysely<Tables>, slug: string, now = new Date()): Promise<Programme | undefined> {
  const event = await db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!event) return undefined;

  const stages = await db
    .selectFrom('stages')
    .selectAll()
    .where('eventId', '=', event.id)
    .where('deleted', '=', 0)
    .orderBy('startsAt')
    .orderBy('id')
    .execute();
  const talks = stages.length
    ? await db
        .selectFrom('talks')
        .selectAll()
        .where('deleted', '=', 0)
        .where(
          'stageId',
          'in',
          stages.map((stage) => stage.id),
        )
        .orderBy('startsAt')
        .orderBy('id')
        .execute()
    : [];

  return {
    event: eventRecord(event),
    stages: stages.map(stageRecord),
    talks: talks.map(talkRecord),
    generatedAt: now.toISOString(),
  };
}
