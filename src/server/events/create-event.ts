import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { addDays, utcToZoned, zonedToUtc } from '../../shared/zoned-time.ts';
import type { Tables } from '../database/tables.ts';
import { DEMO_FORM } from '../demo/demo-week.ts';
import { lockChangeLog, snapshotEvent } from '../sync/change-log.ts';
import { EventInputError, type NewEventInput } from './event-input.ts';

export interface CreatedEvent {
  eventId: string;
  /** What was copied from `from`, if anything. */
  copied?: { stages: number; talks: number };
}

/** Whole days from one calendar day to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/** An instant moved by whole days at the same wall-clock time, from one time zone's calendar to another's. */
function moveInstant(instant: string, days: number, fromZone: string, toZone: string): string {
  const { day, time } = utcToZoned(instant, fromZone);
  return zonedToUtc(addDays(day, days), time, toZone);
}

/**
 * Creates an event with its badge key pair and a feedback form (the demo's, or the copied
 * event's), in one transaction, and logs it for devices. With `from`, the other event's stages
 * and talks are copied onto the new dates (same weekday offset, same wall-clock times), without
 * people, check-ins or answers.
 */
export async function createEvent(db: Kysely<Tables>, input: NewEventInput, now = new Date()): Promise<CreatedEvent> {
  const eventId = randomUUID();
  const createdAt = now.toISOString();
  const keys = generateKeyPairSync('ed25519');
  const publicKey = keys.publicKey.export({ format: 'jwk' }).x ?? '';
  const privateKey = keys.privateKey.export({ format: 'jwk' }).d ?? '';
  return db.transaction().execute(async (trx) => {
    await lockChangeLog(trx);
    if (await trx.selectFrom('events').select('id').where('slug', '=', input.slug).executeTakeFirst()) {
      throw new EventInputError(`The slug "${input.slug}" is already taken: choose another one (see "etape event list").`);
    }
    const source = input.from
      ? await trx.selectFrom('events').selectAll().where('slug', '=', input.from).executeTakeFirst()
      : undefined;
    if (input.from && !source) throw new EventInputError(`No event "${input.from}" to copy from (see "etape event list").`);
    await trx
      .insertInto('events')
      .values({
        id: eventId,
        slug: input.slug,
        name: input.name,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        timeZone: input.timeZone,
        defaultLocale: input.defaultLocale,
        badgePublicKey: publicKey,
        createdAt,
      })
      .execute();
    await trx.insertInto('eventSecrets').values({ eventId, badgePrivateKey: privateKey }).execute();
    const sourceForm = source ? await trx.selectFrom('forms').selectAll().where('id', '=', source.id).executeTakeFirst() : undefined;
    await trx
      .insertInto('forms')
      .values({
        id: eventId,
        ratingLabel: sourceForm?.ratingLabel ?? JSON.stringify(DEMO_FORM.ratingLabel),
        questions: sourceForm?.questions ?? JSON.stringify(DEMO_FORM.questions),
        commentLabel: sourceForm?.commentLabel ?? JSON.stringify(DEMO_FORM.commentLabel),
      })
      .execute();
    let copied: CreatedEvent['copied'];
    if (source) {
      const days = daysBetween(source.startsOn, input.startsOn);
      const move = (instant: string) => moveInstant(instant, days, source.timeZone, input.timeZone);
      const stages = await trx.selectFrom('stages').selectAll().where('eventId', '=', source.id).where('deleted', '=', 0).execute();
      let talkCount = 0;
      for (const stage of stages) {
        const stageId = randomUUID();
        const { fieldClocks: _clocks, deleted: _deleted, ...fields } = stage;
        await trx
          .insertInto('stages')
          .values({ ...fields, id: stageId, eventId, startsAt: move(stage.startsAt), endsAt: move(stage.endsAt) })
          .execute();
        const talks = await trx.selectFrom('talks').selectAll().where('stageId', '=', stage.id).where('deleted', '=', 0).execute();
        for (const talk of talks) {
          const { fieldClocks: _c, deleted: _d, ...talkFields } = talk;
          await trx
            .insertInto('talks')
            .values({ ...talkFields, id: randomUUID(), stageId, startsAt: move(talk.startsAt), endsAt: move(talk.endsAt) })
            .execute();
        }
        talkCount += talks.length;
      }
      copied = { stages: stages.length, talks: talkCount };
    }
    await snapshotEvent(trx, eventId, createdAt);
    return { eventId, ...(copied ? { copied } : {}) };
  });
}
