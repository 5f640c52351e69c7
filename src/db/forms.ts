import type { FormFields, FormRecord } from '../shared/protocol.ts';
import type { DeviceIdentity } from './device.ts';
import { FALLBACK_FORM } from './kiosk-reads.ts';
import { NotEnrolledError } from './errors.ts';
import { META, readMeta } from './meta.ts';
import { appendOp, outboxTables } from './outbox.ts';
import { withDatabase } from './reliable.ts';
import type { EtapeDatabase } from './dexie.ts';

/** What a device shows before any form reached it (defined with the kiosk's idb reads). */
export { FALLBACK_FORM };

/** The event's feedback form as this device holds it (the fallback for fields not received yet). */
export async function readForm(db: EtapeDatabase, eventId: string): Promise<FormRecord> {
  const row = await withDatabase(db, () => db.forms.get(eventId));
  return { ...FALLBACK_FORM, ...row, id: eventId };
}

/**
 * Edits the event's feedback form on this device at once and queues the edit (`form.set`), in ONE
 * transaction. Organizers only (the server refuses it from other roles). Last writer wins per field.
 */
export async function setForm(db: EtapeDatabase, fields: FormFields, now = () => new Date()): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  await withDatabase(db, () =>
    db.transaction('rw', [db.forms, ...outboxTables(db)], async () => {
      const device = (await readMeta(db, META.device)) as DeviceIdentity | undefined;
      if (!device) throw new NotEnrolledError();
      const existing = await db.forms.get(device.eventId);
      await appendOp(db, 'form.set', { id: device.eventId, fields }, { now: () => now().getTime() });
      await db.forms.put({ ...FALLBACK_FORM, ...existing, ...fields, eventId: device.eventId });
    }),
  );
}
