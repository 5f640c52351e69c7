import { InvalidWriteError } from '../../db/errors.ts';
import { write, type DatabaseRef } from '../../db/database.ts';
import { OUTBOX_TABLES, appendOp } from '../../db/outbox.ts';
import type { EventFields } from './event-form.ts';

/**
 * Saves the event's changed fields on this device at once and queues them as one event.set op,
 * in ONE transaction, offline too; the server keeps the latest write of each field.
 */
export async function saveEventFields(db: DatabaseRef, eventId: string, fields: EventFields, now = () => new Date()): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  await write(db, ['events', ...OUTBOX_TABLES], async (tx) => {
    const row = await tx.objectStore('events').get(eventId);
    if (!row) throw new InvalidWriteError(`No event ${eventId} on this device`);
    await tx.objectStore('events').put({ ...row, ...fields });
    await appendOp(tx, 'event.set', { id: eventId, fields }, now().getTime());
  });
}
