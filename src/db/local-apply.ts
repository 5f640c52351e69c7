import type { Op, OpPayload } from '../shared/protocol.ts';
import { storeCheckins } from './attendance.ts';
import { getCheckin } from './checkin-store.ts';
import { storeParticipants } from './participant-kinds.ts';
import { getParticipant } from './participant-store.ts';
import type { WriteTx } from './database.ts';
import type { CheckinRow, ParticipantRow } from './schema.ts';

/**
 * What an op does to this device's own records, written once and used by local edits
 * (editable.ts) and by the sync engine's pull and push (src/sync/), each through a RecordAccess
 * bound to its open transaction (recordAccess).
 */

/** The editable tables, by entity name. */
export type EditableEntity = 'stage' | 'talk' | 'participant';

/** The tables an op may touch on this device. */
export type LocalTable = 'events' | 'stages' | 'talks' | 'participants' | 'checkins' | 'feedback' | 'forms';

type Row = Record<string, unknown>;

/** Reading and writing rows inside one transaction. */
export interface RecordAccess {
  get(table: LocalTable, id: string): Promise<Row | undefined>;
  put(table: LocalTable, row: Row): Promise<unknown>;
  delete(table: LocalTable, id: string): Promise<unknown>;
}

/**
 * A RecordAccess on a read-write transaction that includes the tables it touches (and with
 * `checkins`, CHECKIN_TABLES: a check-in written is counted in attendance.ts; with `participants`,
 * PARTICIPANT_TABLES: a participant written is noted in participant-kinds.ts).
 */
export function recordAccess(tx: WriteTx): RecordAccess {
  const store = (name: LocalTable) => tx.objectStore(name);
  return {
    get: (name, id) => (name === 'checkins' ? getCheckin(tx, id) : name === 'participants' ? getParticipant(tx, id) : store(name).get(id)) as Promise<Row | undefined>,
    put: (name, row) =>
      name === 'checkins'
        ? storeCheckins(tx, [row as unknown as CheckinRow])
        : name === 'participants'
          ? storeParticipants(tx, [row as unknown as ParticipantRow])
          : store(name).put(row),
    delete: (name, id) => (name === 'checkins' ? storeCheckins(tx, [], [id]) : name === 'participants' ? storeParticipants(tx, [], [id]) : store(name).delete(id)),
  };
}

/** The entity and record id an op touches, or undefined for an op type this build does not know. */
export function opTarget(op: Pick<Op, 'type' | 'payload'>): { entity: string; id: string } | undefined {
  const entity = op.type.split('.')[0];
  const id = (op.payload as { id?: unknown } | null)?.id;
  return entity && typeof id === 'string' ? { entity, id } : undefined;
}

/** The table name of an editable entity. */
export function editableTableName(entity: EditableEntity): LocalTable {
  return entity === 'stage' ? 'stages' : entity === 'talk' ? 'talks' : 'participants';
}

/**
 * A record with some of its fields replaced, or undefined when nothing is to be written. A missing
 * record is created (with `defaults`, e.g. the event id) only when `defaults` is given: a local
 * write may create; a replay over pulled data must never resurrect a record the server has just
 * deleted. An erased participant is never edited again.
 */
function mergedRecord(existing: Row | undefined, id: string, fields: Row, defaults?: Row): Row | undefined {
  // An erased participant stays erased: neither a replayed nor a new edit brings personal fields back.
  if (existing?.erased) return undefined;
  if (existing) return { ...existing, ...fields, id };
  return defaults ? { ...defaults, ...fields, id } : undefined;
}

/** Merges fields into an editable record (see mergedRecord). */
export async function mergeFieldsWith(access: RecordAccess, entity: EditableEntity, id: string, fields: Row, defaults?: Row): Promise<void> {
  const table = editableTableName(entity);
  const next = mergedRecord(await access.get(table, id), id, fields, defaults);
  if (next) await access.put(table, next);
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
export async function replayOpWith(access: RecordAccess, op: Op): Promise<void> {
  switch (op.type) {
    case 'stage.set':
    case 'talk.set':
    case 'participant.set': {
      const { id, fields } = op.payload as OpPayload<'stage.set'>;
      await mergeFieldsWith(access, op.type.split('.')[0] as EditableEntity, id, fields);
      return;
    }
    case 'form.set': {
      const { id, fields } = op.payload as OpPayload<'form.set'>;
      const existing = await access.get('forms', id);
      if (existing) await access.put('forms', { ...existing, ...fields, eventId: id });
      return;
    }
    case 'event.set': {
      const { id, fields } = op.payload as OpPayload<'event.set'>;
      const existing = await access.get('events', id);
      if (existing) await access.put('events', { ...existing, ...fields });
      return;
    }
    case 'stage.delete':
      await access.delete('stages', (op.payload as OpPayload<'stage.delete'>).id);
      return;
    case 'talk.delete':
      await access.delete('talks', (op.payload as OpPayload<'talk.delete'>).id);
      return;
    case 'participant.erase': {
      const row = await access.get('participants', (op.payload as OpPayload<'participant.erase'>).id);
      if (row) await access.put('participants', erasedParticipant(row as unknown as ParticipantRow) as unknown as Row);
      return;
    }
    case 'checkin.void': {
      const { id, voidedAt } = op.payload as OpPayload<'checkin.void'>;
      const row = await access.get('checkins', id);
      if (row && !row.voided) await access.put('checkins', { ...row, voided: 1, voidedAt });
      return;
    }
  }
}

/**
 * Replays a pending `feedback.aside` (answers of a phone or poster set aside here, not yet sent)
 * over the answers a pull has just written: those of that phone or poster stay as this device set
 * them until the server has the decision.
 */
export async function replayAsideWith(access: RecordAccess, op: Op, pulled: Iterable<{ entity: string; id: string; data: Row | null }>): Promise<void> {
  const { kind, id, setAside } = op.payload as OpPayload<'feedback.aside'>;
  for (const change of pulled) {
    if (change.entity !== 'feedback' || !change.data) continue;
    if ((kind === 'device' ? change.data.deviceId : change.data.posterId) !== id) continue;
    const row = await access.get('feedback', change.id);
    if (row && Boolean(row.setAside) !== setAside) await access.put('feedback', { ...row, setAside });
  }
}

/**
 * Undoes on this device what rejected ops did here, where the server's answer is certain: a
 * check-in or feedback it refused will never exist there, so it must not be counted here; a void
 * it refused left its check-in as it was. Run inside the transaction that acknowledges the ops,
 * BEFORE they leave the outbox. Edits the server refused cannot be undone here: the device does
 * not know the server's state.
 */
export async function undoRejectedWith(access: RecordAccess, rejected: readonly Op[]): Promise<void> {
  for (const op of rejected) {
    const id = opTarget(op)?.id;
    if (!id) continue;
    if (op.type === 'checkin.record') await access.delete('checkins', id);
    else if (op.type === 'feedback.record') await access.delete('feedback', id);
    else if (op.type === 'checkin.void') {
      const row = await access.get('checkins', id);
      if (row?.voided) await access.put('checkins', { ...row, voided: 0, voidedAt: null });
    }
  }
}
