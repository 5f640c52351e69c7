import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Change, Entity, LogMark, PullResponse } from '../../shared/protocol.ts';
import type { Tables } from '../database/tables.ts';
import { insertRows, type Column } from './insert-rows.ts';
import { checkinRecord, eventRecord, feedbackRecord, formRecord, participantRecord, stageRecord, talkRecord } from './records.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

/** Arbitrary key of the PostgreSQL advisory lock that serialises writers of the change log. */
const CHANGE_LOG_LOCK = 4_815_162_342;

/**
 * Serialises the transactions that write the change log, until they commit. Change seqs are then
 * assigned and committed in the same order, so a reader that has seen seq N has seen every seq
 * below N: a pull cursor can never skip a row. (PostgreSQL sequences would commit out of order.)
 * SQLite has one writer at a time already (Kysely runs its single connection under a mutex).
 */
export async function lockChangeLog(trx: Transaction<Tables>): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`.execute(trx);
  }
}

/** The next change seq of each transaction holding the lock. */
const nextSeqs = new WeakMap<object, number>();

/** Takes the next change seq of this transaction (call under lockChangeLog): read once, then counted in memory. */
export async function takeChangeSeq(trx: Db): Promise<number> {
  let seq = trx.isTransaction ? nextSeqs.get(trx) : undefined;
  if (seq === undefined) {
    const last = await trx.selectFrom('changes').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
    seq = Number(last?.max ?? 0) + 1;
  }
  if (trx.isTransaction) nextSeqs.set(trx, seq + 1);
  return seq;
}

/** A row of the change log, as written. */
export interface ChangeRow {
  seq: number;
  eventId: string;
  entity: Entity;
  id: string;
  deleted: boolean;
  data: string | null;
  changedAt: string;
}

/**
 * Rows per statement when a batch is read or written set-based: a push holds at most 1,000 ops, so
 * each such read or write is one statement per batch (reads bind one parameter per id).
 */
export const ROWS_PER_STATEMENT = 1000;

const CHANGE_COLUMNS: readonly Column[] = [
  { name: 'seq', type: 'integer' },
  { name: 'event_id', type: 'text' },
  { name: 'entity', type: 'text' },
  { name: 'entity_id', type: 'text' },
  { name: 'deleted', type: 'integer' },
  { name: 'data', type: 'text' },
  { name: 'changed_at', type: 'text' },
];

/** Writes change rows (seqs taken with takeChangeSeq), ROWS_PER_STATEMENT rows per statement. */
export async function insertChanges(trx: Db, rows: readonly ChangeRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    await insertRows(trx, 'changes', CHANGE_COLUMNS, chunk.map((row) => [row.seq, row.eventId, row.entity, row.id, row.deleted ? 1 : 0, row.data, row.changedAt]));
  }
}

/**
 * Where a change row keeps the field clocks of its record, inside its `data` JSON (no column of
 * its own: the log's schema is unchanged); readChanges moves them to the change's `clocks`.
 */
const CLOCKS_KEY = '$clocks';

/** Appends one change (the record's whole current state, or a tombstone). Call under lockChangeLog. */
export async function appendChange(
  trx: Db,
  change: { eventId: string; entity: Entity; id: string; deleted?: boolean; data: unknown; clocks?: Record<string, string> },
  now: string,
): Promise<number> {
  const seq = await takeChangeSeq(trx);
  const withClocks = change.clocks && Object.keys(change.clocks).length > 0 ? { ...(change.data as object), [CLOCKS_KEY]: change.clocks } : change.data;
  const data = change.deleted ? null : JSON.stringify(withClocks);
  await insertChanges(trx, [{ seq, eventId: change.eventId, entity: change.entity, id: change.id, deleted: Boolean(change.deleted), data, changedAt: now }]);
  return seq;
}

/** Reads a record's current state and appends it to the change log (a tombstone if deleted). */
export async function snapshot(trx: Db, entity: Entity, id: string, now: string): Promise<void> {
  const found = await readRecord(trx, entity, id);
  if (!found) return;
  await appendChange(trx, { eventId: found.eventId, entity, id, deleted: found.deleted, data: found.data, clocks: found.clocks }, now);
}

/** The field clocks of an editable row. */
function clocksOf(row: { fieldClocks: string }): Record<string, string> {
  return JSON.parse(row.fieldClocks) as Record<string, string>;
}

async function readRecord(trx: Db, entity: Entity, id: string) {
  switch (entity) {
    case 'event': {
      const row = await trx.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { eventId: row.id, deleted: false, data: eventRecord(row) };
    }
    case 'stage': {
      const row = await trx.selectFrom('stages').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { eventId: row.eventId, deleted: Boolean(row.deleted), data: stageRecord(row), clocks: clocksOf(row) };
    }
    case 'talk': {
      const row = await trx
        .selectFrom('talks')
        .innerJoin('stages', 'stages.id', 'talks.stageId')
        .selectAll('talks')
        .select(['stages.eventId', 'stages.deleted as stageDeleted'])
        .where('talks.id', '=', id)
        .executeTakeFirst();
      // A talk on a deleted stage is deleted, whichever of the move and the delete arrived first.
      return row && { eventId: row.eventId, deleted: Boolean(row.deleted) || Boolean(row.stageDeleted), data: talkRecord(row), clocks: clocksOf(row) };
    }
    case 'participant': {
      const row = await trx.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { eventId: row.eventId, deleted: Boolean(row.deleted), data: participantRecord(row), clocks: clocksOf(row) };
    }
    case 'checkin': {
      const row = await trx.selectFrom('checkins').selectAll().where('id', '=', id).executeTakeFirst();
      const device = row && (await trx.selectFrom('devices').select('name').where('id', '=', row.deviceId).executeTakeFirst());
      return row && { eventId: row.eventId, deleted: false, data: checkinRecord(row, device?.name) };
    }
    case 'feedback': {
      const row = await trx.selectFrom('feedback').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { eventId: row.eventId, deleted: false, data: feedbackRecord(row) };
    }
    case 'form': {
      const row = await trx.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { eventId: row.id, deleted: Boolean(row.deleted), data: formRecord(row), clocks: clocksOf(row) };
    }
  }
}

/** Appends the current state of every record of an event (a new event, or a change log rebuilt). */
export async function snapshotEvent(trx: Db, eventId: string, now: string): Promise<void> {
  await snapshot(trx, 'event', eventId, now);
  await snapshot(trx, 'form', eventId, now);
  const stages = await trx.selectFrom('stages').select('id').where('eventId', '=', eventId).orderBy('startsAt').execute();
  for (const { id } of stages) await snapshot(trx, 'stage', id, now);
  const talks = await trx
    .selectFrom('talks')
    .select('talks.id')
    .where('stageId', 'in', trx.selectFrom('stages').select('id').where('eventId', '=', eventId))
    .orderBy('talks.startsAt')
    .execute();
  for (const { id } of talks) await snapshot(trx, 'talk', id, now);
  const participants = await trx.selectFrom('participants').select('id').where('eventId', '=', eventId).orderBy('name').execute();
  for (const { id } of participants) await snapshot(trx, 'participant', id, now);
}

/**
 * The mark of the change at `seq`: when it was logged and what it was about ('' for seq 0, undefined
 * when there is none). A device sends back the mark of its cursor with its next pull; a log
 * restored from a backup no longer has that change (its seqs were reused, or never reached).
 */
async function changeMark(db: Db, seq: number): Promise<string | undefined> {
  if (seq === 0) return '';
  const row = await db.selectFrom('changes').select(['changedAt', 'entity', 'entityId']).where('seq', '=', seq).executeTakeFirst();
  return row && `${row.changedAt} ${row.entity}:${row.entityId}`;
}

/**
 * Throws CursorUnknownError when the log does not have one of these points as a device saw it
 * (restored from a backup since): a pull's cursor, or the furthest point a device saw, which its
 * pulls and pushes send (a push must not move that point past a loss the device has not noticed).
 */
export async function expectKnown(db: Db, points: readonly ({ seq: number; mark?: string | undefined } | undefined)[]): Promise<void> {
  for (const known of points) {
    if (known?.mark !== undefined && known.seq > 0 && (await changeMark(db, known.seq)) !== known.mark) throw new CursorUnknownError(known.seq);
  }
}

/** The last seq of an event's change log and its mark: where the log stood once a push committed. */
export async function logEnd(db: Db, eventId: string): Promise<{ seq: number; mark: string }> {
  const top = await db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('max')).where('eventId', '=', eventId).executeTakeFirst();
  const seq = Number(top?.max ?? 0);
  return { seq, mark: (await changeMark(db, seq)) ?? '' };
}

/** The change log no longer has the change a device's cursor stands on: the database was restored from a backup. */
export class CursorUnknownError extends Error {
  constructor(cursor: number) {
    super(`The change log has no change ${cursor} as this device saw it (the server was restored from a backup): pull again from 0.`);
    this.name = 'CursorUnknownError';
  }
}

/**
 * The changes of an event above `cursor` that these entities cover, in seq order, and the mark of
 * the next cursor. With the `mark` a device kept for its cursor, or `seen` (the furthest point of
 * the log it saw, by a pull or a push, kept when a re-enrolment puts its cursor back to 0), a seq
 * the log does not know as the device saw it (restored from a backup) is a CursorUnknownError. The ceiling is read first: every seq up to it has committed (see lockChangeLog), so when nothing more is left
 * the cursor moves to the ceiling, past the changes this role does not receive.
 */
export async function readChanges(
  db: Db,
  options: { eventId: string; entities: readonly Entity[]; cursor: number; limit: number; now: string; mark?: string; seen?: LogMark },
): Promise<PullResponse> {
  await expectKnown(db, [{ seq: options.cursor, mark: options.mark }, options.seen]);
  const top = await db
    .selectFrom('changes')
    .select((eb) => eb.fn.max('seq').as('max'))
    .where('eventId', '=', options.eventId)
    .executeTakeFirst();
  const ceiling = Number(top?.max ?? 0);
  const rows = await db
    .selectFrom('changes')
    .selectAll()
    .where('eventId', '=', options.eventId)
    .where('entity', 'in', [...options.entities])
    .where('seq', '>', options.cursor)
    .where('seq', '<=', ceiling)
    .orderBy('seq')
    .limit(options.limit + 1)
    .execute();
  const hasMore = rows.length > options.limit;
  const changes: Change[] = rows.slice(0, options.limit).map((row) => {
    const change: Change = { seq: Number(row.seq), entity: row.entity as Entity, id: row.entityId, deleted: Boolean(row.deleted), data: null };
    if (row.data === null) return change;
    const { [CLOCKS_KEY]: clocks, ...data } = JSON.parse(row.data) as Record<string, unknown>;
    return clocks ? { ...change, data, clocks: clocks as Record<string, string> } : { ...change, data };
  });
  const nextCursor = hasMore ? changes[changes.length - 1]!.seq : Math.max(options.cursor, ceiling);
  // A cursor past the log's end (a restored log) has no mark either: the device's next pull says so.
  const mark = (await changeMark(db, nextCursor)) ?? '';
  if (!hasMore) return { changes, nextCursor, hasMore, serverTime: options.now, mark };
  // What is left, so that a new device shows how far its first pull has gone (counted only while more remains).
  const left = await db
    .selectFrom('changes')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('eventId', '=', options.eventId)
    .where('entity', 'in', [...options.entities])
    .where('seq', '>', nextCursor)
    .where('seq', '<=', ceiling)
    .executeTakeFirst();
  return { changes, nextCursor, hasMore, serverTime: options.now, mark, remaining: Number(left?.count ?? 0) };
}
