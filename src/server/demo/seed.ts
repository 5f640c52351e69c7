import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { signBadge } from '../../shared/badge.ts';
import { addDays, utcToZoned, zonedToUtc } from '../../shared/zoned-time.ts';
import type { Tables } from '../database/tables.ts';
import { lockChangeLog, snapshotEvent } from '../sync/change-log.ts';
import { DEMO_PARTICIPANTS } from './demo-participants.ts';
import { DEMO_EVENT, DEMO_FORM, DEMO_STAGES } from './demo-week.ts';
import { deleteEvent } from '../events/delete-event.ts';

/**
 * The Monday of the demo week: this week's if today (in the event's zone) is Monday to
 * Thursday, so that "now" and "next" fall inside it; otherwise next week's.
 */
export function demoWeekMonday(now: Date, timeZone = DEMO_EVENT.timeZone): string {
  const today = utcToZoned(now, timeZone).day;
  const weekday = new Date(`${today}T12:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  const sinceMonday = (weekday + 6) % 7;
  return sinceMonday <= 3 ? addDays(today, -sinceMonday) : addDays(today, 7 - sinceMonday);
}

export interface SeedResult {
  eventId: string;
  monday: string;
  stages: number;
  talks: number;
  participants: number;
}

/** Whether the demo event is already in the database. */
export async function hasDemoEvent(db: Kysely<Tables>): Promise<boolean> {
  const row = await db.selectFrom('events').select('id').where('slug', '=', DEMO_EVENT.slug).executeTakeFirst();
  return row !== undefined;
}

/** Whether the database holds no event at all (a first start). */
export async function isEmpty(db: Kysely<Tables>): Promise<boolean> {
  const row = await db.selectFrom('events').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/** Removes the demo event and everything that belongs to it. */
export async function removeDemoEvent(db: Kysely<Tables>): Promise<void> {
  await deleteEvent(db, DEMO_EVENT.slug);
}

/** Writes the founding week (8 stages in Lozère, its talks, 90 fictitious participants) in one transaction. */
export async function seedDemoWeek(db: Kysely<Tables>, now = new Date()): Promise<SeedResult> {
  const { timeZone } = DEMO_EVENT;
  const monday = demoWeekMonday(now, timeZone);
  const eventId = randomUUID();
  const createdAt = now.toISOString();
  const keys = generateKeyPairSync('ed25519');
  const publicKey = keys.publicKey.export({ format: 'jwk' }).x ?? '';
  const privateKey = keys.privateKey.export({ format: 'jwk' }).d ?? '';

  const stages = DEMO_STAGES.map((stage) => {
    const day = addDays(monday, stage.dayIndex);
    return { id: randomUUID(), day, source: stage };
  });
  const talkCount = stages.reduce((sum, stage) => sum + stage.source.talks.length, 0);
  // Every participant's badge is signed with the event's key, as the server signs imported ones.
  const participants = await Promise.all(
    DEMO_PARTICIPANTS.map(async (person) => {
      const id = randomUUID();
      return { id, person, badgeCode: await signBadge(privateKey, eventId, id) };
    }),
  );

  await db.transaction().execute(async (trx) => {
    await lockChangeLog(trx);
    await trx
      .insertInto('events')
      .values({
        id: eventId,
        slug: DEMO_EVENT.slug,
        name: DEMO_EVENT.name,
        startsOn: monday,
        endsOn: addDays(monday, 3),
        timeZone,
        defaultLocale: DEMO_EVENT.defaultLocale,
        badgePublicKey: publicKey,
        createdAt,
      })
      .execute();
    await trx.insertInto('eventSecrets').values({ eventId, badgePrivateKey: privateKey }).execute();
    await trx
      .insertInto('forms')
      .values({
        id: eventId,
        ratingLabel: JSON.stringify(DEMO_FORM.ratingLabel),
        questions: JSON.stringify(DEMO_FORM.questions),
        commentLabel: JSON.stringify(DEMO_FORM.commentLabel),
      })
      .execute();
    for (const { id, day, source } of stages) {
      await trx
        .insertInto('stages')
        .values({
          id,
          eventId,
          title: source.title,
          town: source.town,
          venue: source.venue,
          address: source.address,
          lat: source.lat,
          lng: source.lng,
          startsAt: zonedToUtc(day, source.start, timeZone),
          endsAt: zonedToUtc(day, source.end, timeZone),
          theme: source.theme,
          kind: source.kind,
          hosts: JSON.stringify(source.hosts),
        })
        .execute();
      for (const talk of source.talks) {
        await trx
          .insertInto('talks')
          .values({
            id: randomUUID(),
            stageId: id,
            title: talk.title,
            speakers: JSON.stringify(talk.speakers),
            partner: talk.partner,
            startsAt: zonedToUtc(day, talk.start, timeZone),
            endsAt: zonedToUtc(day, talk.end, timeZone),
          })
          .execute();
      }
    }
    await trx
      .insertInto('participants')
      .values(
        participants.map(({ id, person, badgeCode }) => ({
          id,
          eventId,
          name: person.name,
          organisation: person.organisation,
          profile: person.profile,
          email: person.email,
          badgeCode,
          origin: 'import',
          consent: 1,
          createdAt,
        })),
      )
      .execute();
    await snapshotEvent(trx, eventId, createdAt);
  });
  return { eventId, monday, stages: stages.length, talks: talkCount, participants: DEMO_PARTICIPANTS.length };
}
