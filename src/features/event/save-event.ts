import { InvalidWriteError } from '../../db/errors.ts';
import { appendOp, outboxTables } from '../../db/outbox.ts';
import { withDatabase } from '../../db/reliable.ts';
import type { EtapeDatabase } from '../../db/dexie.ts';
import type { EventFields } from './event-form.ts';

/**
 * Saves the event's changed fields on this device at once and queues them as one event.set op,
 * in ONE transaction, offline too; the server keeps the latest write of each field.
 */
export async function saveEventFields(db: EtapeDatabase, eventId: string, fields: EventFields, now = () => new Date()): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  await withDatabase(db, () =>
    db.transaction('rw', [db.events, ...outboxTables(db)], async () => {
      const row = await db.events.get(eventId);
      if (!row) throw new InvalidWriteError(`No event ${eventId} on this device`);
      await db.events.put({ ...row, ...fields });
      await appendOp(db, 'event.set', { id: eventId, fields }, { now: () => now().getTime() });
    }),
  );
}
