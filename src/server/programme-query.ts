import type { Kysely } from 'kysely';
import type { Locale, StageKind } from '../shared/domain.ts';
import type { Programme } from '../shared/programme.ts';
import type { Tables } from './database/tables.ts';

/** The public programme of an event (no personal data), or undefined for an unknown slug. */
export async function loadProgramme(db: Kysely<Tables>, slug: string, now = new Date()): Promise<Programme | undefined> {
  const event = await db
    .selectFrom('events')
    .select(['id', 'slug', 'name', 'startsOn', 'endsOn', 'timeZone', 'defaultLocale', 'badgePublicKey'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!event) return undefined;

  const stages = await db
    .selectFrom('stages')
    .selectAll()
    .where('eventId', '=', event.id)
    .orderBy('startsAt')
    .orderBy('id')
    .execute();
  const talks = stages.length
    ? await db
        .selectFrom('talks')
        .selectAll()
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
    event: { ...event, defaultLocale: event.defaultLocale as Locale },
    stages: stages.map((stage) => ({
      ...stage,
      lat: Number(stage.lat),
      lng: Number(stage.lng),
      kind: stage.kind as StageKind,
      hosts: JSON.parse(stage.hosts) as string[],
    })),
    talks: talks.map((talk) => ({ ...talk, speakers: JSON.parse(talk.speakers) as string[] })),
    generatedAt: now.toISOString(),
  };
}
