import type { Kysely } from 'kysely';
import { addDays } from '../../shared/zoned-time.ts';
import type { Tables } from '../database/tables.ts';
import type { Logger } from '../logger.ts';
import { scrubErased } from '../sync/apply-op.ts';
import { lockChangeLog, snapshot } from '../sync/change-log.ts';

/**
 * Personal data has an end: each event keeps its participants' names, organisations and e-mails
 * for `retentionDays` after its last day (90 by default, editable on the Événement page). Then
 * they are erased as `participant.erase` erases them (the change log rewritten, so devices follow
 * at their next sync and a pull from the start never sees a name; rejected ops' payloads
 * scrubbed), keeping the anonymous figures: profiles, check-ins and answers stay, and the people
 * still count as registered.
 */

/** The first day (YYYY-MM-DD) on which an event's personal data is erased. */
export function purgeDay(endsOn: string, retentionDays: number): string {
  return addDays(endsOn, retentionDays + 1);
}

/** Erases the personal data of every participant of the event; returns how many people it touched. */
export async function purgeEvent(db: Kysely<Tables>, eventId: string, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockChangeLog(trx);
    const at = now.toISOString();
    const people = await trx
      .selectFrom('participants')
      .select('id')
      .where('eventId', '=', eventId)
      .where((eb) => eb.or([eb('name', '!=', ''), eb('organisation', '!=', ''), eb('email', 'is not', null)]))
      .execute();
    await trx
      .updateTable('participants')
      .set({ name: '', organisation: '', email: null, consent: 0 })
      .where('eventId', '=', eventId)
      .execute();
    for (const { id } of people) {
      await snapshot(trx, 'participant', id, at);
      await scrubErased(trx, eventId, id);
    }
    await trx.updateTable('events').set({ purgedAt: at }).where('id', '=', eventId).execute();
    await snapshot(trx, 'event', eventId, at);
    return people.length;
  });
}

/** Purges every event whose retention has passed and that was not purged yet; logs each one. */
export async function purgeDueEvents(db: Kysely<Tables>, logger: Logger, now = new Date()): Promise<string[]> {
  const today = now.toISOString().slice(0, 10);
  const events = await db.selectFrom('events').select(['id', 'slug', 'endsOn', 'retentionDays']).where('purgedAt', 'is', null).execute();
  const purged: string[] = [];
  for (const event of events) {
    if (purgeDay(event.endsOn, Number(event.retentionDays)) > today) continue;
    const people = await purgeEvent(db, event.id, now);
    logger.info({ event: event.slug, participants: people, retentionDays: Number(event.retentionDays), endsOn: event.endsOn }, 'retention passed: participants\' names, organisations and e-mails erased');
    purged.push(event.slug);
  }
  return purged;
}

/** Runs purgeDueEvents now and then every hour until stopped (resolves once a run in progress ends); a failure is logged and retried at the next run. */
export function scheduleRetention(db: Kysely<Tables>, logger: Logger, everyMs = 3_600_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = purgeDueEvents(db, logger).catch((error: unknown) => logger.error({ err: error }, 'retention purge failed; retried in an hour'));
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
