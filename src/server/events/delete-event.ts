import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../database/tables.ts';

/** What deleting an event loses, for the confirmation. */
export interface EventContents {
  stages: number;
  talks: number;
  participants: number;
  checkins: number;
  answers: number;
  devices: number;
}

export async function eventContents(db: Kysely<Tables>, eventId: string): Promise<EventContents> {
  const count = async (query: { executeTakeFirst(): Promise<{ n: string | number | bigint } | undefined> }) => Number((await query.executeTakeFirst())?.n ?? 0);
  const stageIds = db.selectFrom('stages').select('id').where('eventId', '=', eventId);
  return {
    stages: await count(db.selectFrom('stages').select((eb) => eb.fn.countAll().as('n')).where('eventId', '=', eventId).where('deleted', '=', 0)),
    talks: await count(db.selectFrom('talks').select((eb) => eb.fn.countAll().as('n')).where('stageId', 'in', stageIds).where('deleted', '=', 0)),
    participants: await count(db.selectFrom('participants').select((eb) => eb.fn.countAll().as('n')).where('eventId', '=', eventId).where('deleted', '=', 0)),
    checkins: await count(db.selectFrom('checkins').select((eb) => eb.fn.countAll().as('n')).where('eventId', '=', eventId)),
    answers: await count(db.selectFrom('feedback').select((eb) => eb.fn.countAll().as('n')).where('eventId', '=', eventId)),
    devices: await count(db.selectFrom('devices').select((eb) => eb.fn.countAll().as('n')).where('eventId', '=', eventId)),
  };
}

/**
 * Removes an event and everything of it, in the caller's transaction: its programme, people,
 * check-ins, answers, form, posters, enrolment codes, change log, rejections, and its devices
 * with their op log (their tokens are refused from then on: "enrol this device again").
 */
export async function deleteEventRows(trx: Transaction<Tables>, eventId: string): Promise<void> {
  const deviceIds = trx.selectFrom('devices').select('id').where('eventId', '=', eventId);
  await trx.deleteFrom('opLog').where('deviceId', 'in', deviceIds).execute();
  for (const table of ['changes', 'rejections', 'checkins', 'feedback', 'devices', 'enrolmentCodes', 'posters'] as const) {
    await trx.deleteFrom(table).where('eventId', '=', eventId).execute();
  }
  const stageIds = trx.selectFrom('stages').select('id').where('eventId', '=', eventId);
  await trx.deleteFrom('talks').where('stageId', 'in', stageIds).execute();
  await trx.deleteFrom('stages').where('eventId', '=', eventId).execute();
  await trx.deleteFrom('participants').where('eventId', '=', eventId).execute();
  await trx.deleteFrom('eventSecrets').where('eventId', '=', eventId).execute();
  await trx.deleteFrom('forms').where('id', '=', eventId).execute();
  await trx.deleteFrom('events').where('id', '=', eventId).execute();
}

/** Deletes the event of this slug; false when there is none. */
export async function deleteEvent(db: Kysely<Tables>, slug: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const event = await trx.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!event) return false;
    await deleteEventRows(trx, event.id);
    return true;
  });
}
