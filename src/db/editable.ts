import type * as v from 'valibot';
import type { OpPayload, ParticipantFieldsSchema, StageFieldsSchema, TalkFieldsSchema } from '../shared/protocol.ts';
import { getMeta, write, type DatabaseRef } from './database.ts';
import { isIdentity } from './device.ts';
import { InvalidWriteError, NotEnrolledError } from './errors.ts';
import { editableTableName, erasedParticipant, mergeFieldsWith, recordAccess, type EditableEntity } from './local-apply.ts';
import { META } from './meta.ts';
import { PARTICIPANT_TABLES, storeParticipants } from './participant-kinds.ts';
import { getParticipant } from './participant-store.ts';
import { OUTBOX_TABLES, appendOp } from './outbox.ts';

export type { EditableEntity };

/** The fields each editable entity accepts in one edit (all optional: only what changed). */
export interface EditableFields {
  stage: v.InferOutput<typeof StageFieldsSchema>;
  talk: v.InferOutput<typeof TalkFieldsSchema>;
  participant: v.InferOutput<typeof ParticipantFieldsSchema>;
}

/**
 * Edits (or creates, for a new id) a stage, talk or participant on this device at once, and
 * queues the edit, in ONE transaction. A new stage or participant belongs to the device's event.
 * The server orders concurrent edits per field by their clocks (last writer wins).
 */
export async function setFields<E extends EditableEntity>(
  ref: DatabaseRef,
  entity: E,
  id: string,
  fields: EditableFields[E],
  now = () => new Date(),
): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  const tables = entity === 'participant' ? PARTICIPANT_TABLES : [editableTableName(entity)];
  await write(ref, [...tables, ...OUTBOX_TABLES], async (tx) => {
    const device = await getMeta(tx, META.device);
    if (!isIdentity(device)) throw new NotEnrolledError();
    const defaults = entity === 'talk' ? {} : { eventId: device.eventId };
    await mergeFieldsWith(recordAccess(tx), entity, id, fields, defaults);
    // TypeScript cannot correlate E with `${E}.set`; the payload is validated by appendOp anyway.
    await appendOp(tx, `${entity}.set`, { id, fields } as OpPayload<`${E}.set`>, now().getTime());
  });
}

/** The fields of the event one edit may change (only what changed). */
export type EventFields = OpPayload<'event.set'>['fields'];

/**
 * Saves the event's changed fields on this device at once and queues them as one event.set op,
 * in ONE transaction, offline too; the server keeps the latest write of each field.
 */
export async function setEventFields(ref: DatabaseRef, eventId: string, fields: EventFields, now = () => new Date()): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  await write(ref, ['events', ...OUTBOX_TABLES], async (tx) => {
    const row = await tx.objectStore('events').get(eventId);
    if (!row) throw new InvalidWriteError(`No event ${eventId} on this device`);
    await tx.objectStore('events').put({ ...row, ...fields });
    await appendOp(tx, 'event.set', { id: eventId, fields }, now().getTime());
  });
}

/** Deletes a stage or a talk on this device at once, and queues the delete (a tombstone on the server). */
export async function deleteRecord(ref: DatabaseRef, entity: 'stage' | 'talk', id: string, now = () => new Date()): Promise<void> {
  const table = editableTableName(entity);
  await write(ref, [table, ...OUTBOX_TABLES], async (tx) => {
    await recordAccess(tx).delete(table, id);
    await appendOp(tx, `${entity}.delete`, { id }, now().getTime());
  });
}

/** Deletes a stage and its talks on this device at once, and queues their deletes, in ONE transaction. */
export async function deleteStage(ref: DatabaseRef, id: string, now = () => new Date()): Promise<void> {
  await write(ref, ['stages', 'talks', ...OUTBOX_TABLES], async (tx) => {
    const talkIds = (await tx.objectStore('talks').index('stageId').getAllKeys(id)) as string[];
    for (const talkId of talkIds) {
      await tx.objectStore('talks').delete(talkId);
      await appendOp(tx, 'talk.delete', { id: talkId }, now().getTime());
    }
    await tx.objectStore('stages').delete(id);
    await appendOp(tx, 'stage.delete', { id }, now().getTime());
  });
}

/** Erases a participant's personal fields on this device at once, and queues the erasure for every device. */
export async function eraseParticipant(ref: DatabaseRef, id: string, now = () => new Date()): Promise<void> {
  await write(ref, [...PARTICIPANT_TABLES, ...OUTBOX_TABLES], async (tx) => {
    const row = await getParticipant(tx, id);
    if (!row) throw new InvalidWriteError(`No participant ${id} on this device`);
    await storeParticipants(tx, [erasedParticipant(row)]);
    await appendOp(tx, 'participant.erase', { id }, now().getTime());
  });
}
