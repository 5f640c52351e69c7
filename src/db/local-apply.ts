import type { Table } from 'dexie';
import type { Op, OpPayload } from '../shared/protocol.ts';
import type { EtapeDatabase, ParticipantRow } from './schema.ts';

/** The editable tables, by entity name. */
export type EditableEntity = 'stage' | 'talk' | 'participant';

/** The entity and record id an op touches, or undefined for an op type this build does not know. */
export function opTarget(op: Pick<Op, 'type' | 'payload'>): { entity: string; id: string } | undefined {
  const entity = op.type.split('.')[0];
  const id = (op.payload as { id?: unknown } | null)?.id;
  return entity && typeof id === 'string' ? { entity, id } : undefined;
}

/** The table of an editable entity. */
export function editableTable(db: EtapeDatabase, entity: EditableEntity) {
  return entity === 'stage' ? db.stages : entity === 'talk' ? db.talks : db.participants;
}

/**
 * Merges fields into an editable record. A missing record is created (with `defaults`, e.g. the
 * event id) only when `defaults` is given: a local write may create; a replay over pulled data
 * must never resurrect a record the server has just deleted.
 * An erased participant is never edited again.
 */
export async function mergeFields(
  db: EtapeDatabase,
  entity: EditableEntity,
  id: string,
  fields: Record<string, unknown>,
  defaults?: Record<string, unknown>,
): Promise<void> {
  const table = editableTable(db, entity) as unknown as Table<Record<string, unknown>, string>;
  const existing = await table.get(id);
  // An erased participant stays erased: neither a replayed nor a new edit brings personal fields back.
  if (existing?.erased) return;
  if (existing) await table.put({ ...existing, ...fields, id });
  else if (defaults) await table.put({ ...defaults, ...fields, id });
}

/** A participant with the personal fields removed, as an organizer's erasure leaves it. */
export function erasedParticipant(row: ParticipantRow): ParticipantRow {
  return { ...row, name: '', organisation: '', email: null, consent: false, profile: 'other', erased: true };
}

/**
 * Replays one of this device's still-pending ops over records a pull has just written, so that
 * a local edit the server has not seen yet is not hidden by the older state it sent. Inside the
 * pull's transaction. Records and feedback the server sent are its own version: never replayed.
 */
export async function replayOp(db: EtapeDatabase, op: Op): Promise<void> {
  switch (op.type) {
    case 'stage.set':
    case 'talk.set':
    case 'participant.set': {
      const { id, fields } = op.payload as OpPayload<'stage.set'>;
      await mergeFields(db, op.type.split('.')[0] as EditableEntity, id, fields);
      return;
    }
    case 'form.set': {
      const { id, fields } = op.payload as OpPayload<'form.set'>;
      const existing = await db.forms.get(id);
      if (existing) await db.forms.put({ ...existing, ...fields, eventId: id });
      return;
    }
    case 'stage.delete':
      await db.stages.delete((op.payload as OpPayload<'stage.delete'>).id);
      return;
    case 'talk.delete':
      await db.talks.delete((op.payload as OpPayload<'talk.delete'>).id);
      return;
    case 'participant.erase': {
      const row = await db.participants.get((op.payload as OpPayload<'participant.erase'>).id);
      if (row) await db.participants.put(erasedParticipant(row));
      return;
    }
    case 'checkin.void': {
      const { id, voidedAt } = op.payload as OpPayload<'checkin.void'>;
      const row = await db.checkins.get(id);
      if (row && !row.voided) await db.checkins.put({ ...row, voided: 1, voidedAt });
      return;
    }
  }
}

/**
 * Undoes on this device what rejected ops did here, where the server's answer is certain: a
 * check-in or feedback it refused will never exist there, so it must not be counted here; a void
 * it refused left its check-in as it was. Run inside the transaction that acknowledges the ops,
 * BEFORE they leave the outbox (their type and payload are read from it).
 * Edits the server refused cannot be undone here: the device does not know the server's state.
 */
export async function undoRejected(db: EtapeDatabase, opIds: readonly string[]): Promise<void> {
  for (const opId of opIds) {
    const op = await db.outbox.where('opId').equals(opId).first();
    const id = op && opTarget(op)?.id;
    if (!op || !id) continue;
    if (op.type === 'checkin.record') await db.checkins.delete(id);
    else if (op.type === 'feedback.record') await db.feedback.delete(id);
    else if (op.type === 'checkin.void') {
      const row = await db.checkins.get(id);
      if (row?.voided) await db.checkins.put({ ...row, voided: 0, voidedAt: null });
    }
  }
}
