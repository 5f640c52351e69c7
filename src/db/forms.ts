import type { FormFields, FormRecord } from '../shared/protocol.ts';
import { getMeta, read, write, type DatabaseRef } from './database.ts';
import { isIdentity } from './device.ts';
import { NotEnrolledError } from './errors.ts';
import { META } from './meta.ts';
import { OUTBOX_TABLES, appendOp } from './outbox.ts';
import type { FormRow } from './schema.ts';

/** What a device shows before any form reached it: the faces and a comment, no questions. */
export const FALLBACK_FORM: Omit<FormRecord, 'id'> = {
  ratingLabel: { fr: 'Comment était cette étape ?', en: 'How was this stage?' },
  questions: [],
  commentLabel: { fr: 'Un commentaire ? (facultatif)', en: 'Any comment? (optional)' },
};

/** The event's form as received, or undefined when none has reached this device. */
export function readFormRow(ref: DatabaseRef, eventId: string): Promise<FormRow | undefined> {
  return read(ref, ['forms'], (tx) => tx.objectStore('forms').get(eventId));
}

/** The event's feedback form as this device holds it (the fallback for fields not received yet). */
export async function readForm(ref: DatabaseRef, eventId: string): Promise<FormRecord> {
  return { ...FALLBACK_FORM, ...(await readFormRow(ref, eventId)), id: eventId };
}

/**
 * Edits the event's feedback form on this device at once and queues the edit (`form.set`), in ONE
 * transaction. Organizers only (the server refuses it from other roles). Last writer wins per field.
 */
export async function setForm(ref: DatabaseRef, fields: FormFields, now = () => new Date()): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  await write(ref, ['forms', ...OUTBOX_TABLES], async (tx) => {
    const device = await getMeta(tx, META.device);
    if (!isIdentity(device)) throw new NotEnrolledError();
    const existing = await tx.objectStore('forms').get(device.eventId);
    await appendOp(tx, 'form.set', { id: device.eventId, fields }, now().getTime());
    await tx.objectStore('forms').put({ ...FALLBACK_FORM, ...existing, ...fields, eventId: device.eventId });
  });
}
