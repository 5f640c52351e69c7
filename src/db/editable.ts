import type * as v from 'valibot';
import type { OpPayload, ParticipantFieldsSchema, StageFieldsSchema, TalkFieldsSchema } from '../shared/protocol.ts';
import type { DeviceIdentity } from './device.ts';
import { InvalidWriteError, NotEnrolledError } from './errors.ts';
import { editableTable, erasedParticipant, mergeFields, type EditableEntity } from './local-apply.ts';
import { META, readMeta } from './meta.ts';
import { appendOp, outboxTables } from './outbox.ts';
import { withDatabase } from './reliable.ts';
import type { EtapeDatabase } from './dexie.ts';

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
  db: EtapeDatabase,
  entity: E,
  id: string,
  fields: EditableFields[E],
  now = () => new Date(),
): Promise<void> {
  if (Object.keys(fields).length === 0) return;
  await withDatabase(db, () =>
    db.transaction('rw', [editableTable(db, entity), ...outboxTables(db)], async () => {
      const device = (await readMeta(db, META.device)) as DeviceIdentity | undefined;
      if (!device) throw new NotEnrolledError();
      const defaults = entity === 'talk' ? {} : { eventId: device.eventId };
      await mergeFields(db, entity, id, fields, defaults);
      // TypeScript cannot correlate E with `${E}.set`; the payload is validated by appendOp anyway.
      await appendOp(db, `${entity}.set`, { id, fields } as OpPayload<`${E}.set`>, { now: () => now().getTime() });
    }),
  );
}

/** Deletes a stage or a talk on this device at once, and queues the delete (a tombstone on the server). */
export async function deleteRecord(db: EtapeDatabase, entity: 'stage' | 'talk', id: string, now = () => new Date()): Promise<void> {
  await withDatabase(db, () =>
    db.transaction('rw', [editableTable(db, entity), ...outboxTables(db)], async () => {
      await editableTable(db, entity).delete(id);
      await appendOp(db, `${entity}.delete`, { id }, { now: () => now().getTime() });
    }),
  );
}

/** Deletes a stage and its talks on this device at once, and queues their deletes, in ONE transaction. */
export async function deleteStage(db: EtapeDatabase, id: string, now = () => new Date()): Promise<void> {
  await withDatabase(db, () =>
    db.transaction('rw', [db.stages, db.talks, ...outboxTables(db)], async () => {
      const talkIds = await db.talks.where('stageId').equals(id).primaryKeys();
      for (const talkId of talkIds) {
        await db.talks.delete(talkId);
        await appendOp(db, 'talk.delete', { id: talkId }, { now: () => now().getTime() });
      }
      await db.stages.delete(id);
      await appendOp(db, 'stage.delete', { id }, { now: () => now().getTime() });
    }),
  );
}

/** Erases a participant's personal fields on this device at once, and queues the erasure for every device. */
export async function eraseParticipant(db: EtapeDatabase, id: string, now = () => new Date()): Promise<void> {
  await withDatabase(db, () =>
    db.transaction('rw', [db.participants, ...outboxTables(db)], async () => {
      const row = await db.participants.get(id);
      if (!row) throw new InvalidWriteError(`No participant ${id} on this device`);
      await db.participants.put(erasedParticipant(row));
      await appendOp(db, 'participant.erase', { id }, { now: () => now().getTime() });
    }),
  );
}
