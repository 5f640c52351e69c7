import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Change, Entity, PullResponse } from '../../shared/protocol.ts';
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

/** Appends one change (the record's whole current state, or a tombstone). Call under lockChangeLog. */
export async function appendChange(
  trx: Db,
  change: { eventId: string; entity: Entity; id: string; deleted?: boolean; data: unknown },
  now: string,
): Promise<number> {
  const seq = await takeChangeSeq(trx);
  const data = change.deleted ? null : JSON.stringify(change.data);
  await insertChanges(trx, [{ seq, eventId: change.eventId, entity: change.entity, id: change.id, deleted: Boolean(change.deleted), data, changedAt: now }]);
  return seq;
}

/** Reads a record's current state and appends it to the change log (a tombstone if deleted). */
export async function snapshot(trx: Db, entity: Entity, id: string, now: string): Promise<void> {
  const found = await readRecord(trx, entity, id);
  if (!found) return;
  await appendChange(trx, { eventId: found.eventId, entity, id, deleted: found.deleted, data: found.data }, now);
}

async function readRecord(trx: Db, entity: Entity, id: string) {
  switch (entity) {
    case 'event': {
      const row = await trx.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { eventId: row.id, deleted: false, data: eventRecord(row) };
    }
    case 'stage': {
      const row = await trx.selectFrom('stages').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { eventId: row.eventId, deleted: Boolean(row.deleted), data: stageRecord(row) };
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
      return row && { eventId: row.eventId, deleted: Boolean(row.deleted) || Boolean(row.stageDeleted), data: talkRecord(row) };
    }
    case 'participant': {
      const row = await trx.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { eventId: row.eventId, deleted: Boolean(row.deleted), data: participantRecord(row) };
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
      return row && { eventId: row.id, deleted: Boolean(row.deleted), data: formRecord(row) };
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
 * The changes of an event above `cursor` that these entities cover, in seq order. The ceiling is
 * read first: every seq up to it has committed (see lockChangeLog), so when nothing more is left
 * the cursor moves to the ceiling, past the changes this role does not receive.
 */
export async function readChanges(
  db: Db,
  options: { eventId: string; entities: readonly Entity[]; cursor: number; limit: number; now: string },
): Promise<PullResponse> {
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
  const changes: Change[] = rows.slice(0, options.limit).map((row) => ({
    seq: Number(row.seq),
    entity: row.entity as Entity,
    id: row.entityId,
    deleted: Boolean(row.deleted),
    data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
  }));
  const nextCursor = hasMore ? changes[changes.length - 1]!.seq : Math.max(options.cursor, ceiling);
  return { changes, nextCursor, hasMore, serverTime: options.now };
}
