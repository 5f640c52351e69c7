import type { Kysely } from 'kysely';
import type { Tables } from '../database/tables.ts';
import { lockChangeLog, snapshot } from '../sync/change-log.ts';

/**
 * Archives an event: from now on it is read-only (see event-ops.ts). Its record goes to devices
 * with its archive time. Archiving twice keeps the first time. Undefined for an unknown slug.
 */
export async function archiveEvent(db: Kysely<Tables>, slug: string, now = new Date()): Promise<{ archivedAt: string; already: boolean } | undefined> {
  return db.transaction().execute(async (trx) => {
    await lockChangeLog(trx);
    const event = await trx.selectFrom('events').select(['id', 'archivedAt']).where('slug', '=', slug).executeTakeFirst();
    if (!event) return undefined;
    if (event.archivedAt) return { archivedAt: event.archivedAt, already: true };
    const archivedAt = now.toISOString();
    await trx.updateTable('events').set({ archivedAt }).where('id', '=', event.id).execute();
    await snapshot(trx, 'event', event.id, archivedAt);
    return { archivedAt, already: false };
  });
}
