import type { Transaction } from 'kysely';
import type { Tables } from '../database/tables.ts';
import { ROWS_PER_STATEMENT, insertChanges, takeChangeSeq, type ChangeRow } from './change-log.ts';
import { insertRows, type Column } from './insert-rows.ts';
import { checkinRecord } from './records.ts';

/**
 * Set-based writing of the check-ins of a batch (most of what devices push): which check-ins
 * already exist is read once per batch, and new check-ins and their changes are written a few
 * hundred rows per statement. Rows wait here only while check-ins follow one another in the
 * batch: the push flushes them before any other op runs, so every op sees the ones before it.
 */
interface Pending {
  /** Event of each check-in id read or taken in this batch; `undefined` when the server holds none. */
  events: Map<string, string | undefined>;
  /** Undos that arrived before their check-in, by check-in id (and event). */
  earlyVoids: Map<string, { eventId: string; voidedAt: string }>;
  rows: CheckinRow[];
  changes: ChangeRow[];
}

interface CheckinRow {
  id: string;
  eventId: string;
  participantId: string;
  stageId: string;
  deviceId: string;
  scannedAt: string;
  receivedAt: string;
  method: string;
  /** Set when an undo arrived before the check-in. */
  voidedAt?: string | null;
}

const pending = new WeakMap<object, Pending>();

const CHECKIN_COLUMNS: readonly Column[] = [
  ...['id', 'event_id', 'participant_id', 'stage_id', 'device_id', 'scanned_at', 'received_at', 'method'].map((name) => ({ name, type: 'text' as const })),
  { name: 'voided', type: 'integer' },
  { name: 'voided_at', type: 'text' },
];

/**
 * Reads, in one statement each, which of the batch's check-in ids (recorded or undone) the server
 * already holds and in which event, and the undos waiting for them (the first step of a batch).
 */
export async function prepareCheckins(trx: Transaction<Tables>, ids: readonly string[]): Promise<void> {
  const state: Pending = { events: new Map(), earlyVoids: new Map(), rows: [], changes: [] };
  await lookUp(trx, state, ids);
  pending.set(trx, state);
}

async function lookUp(trx: Transaction<Tables>, state: Pending, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)].filter((id) => !state.events.has(id));
  for (let start = 0; start < unique.length; start += ROWS_PER_STATEMENT) {
    const chunk = unique.slice(start, start + ROWS_PER_STATEMENT);
    for (const id of chunk) state.events.set(id, undefined);
    for (const row of await trx.selectFrom('checkins').select(['id', 'eventId']).where('id', 'in', chunk).execute()) state.events.set(row.id, row.eventId);
    for (const row of await trx.selectFrom('earlyVoids').select(['id', 'eventId', 'voidedAt']).where('id', 'in', chunk).execute()) {
      if (!state.earlyVoids.has(row.id)) state.earlyVoids.set(row.id, row);
    }
  }
}

async function prepared(trx: Transaction<Tables>, id: string): Promise<Pending> {
  let state = pending.get(trx);
  if (!state) {
    await prepareCheckins(trx, [id]);
    state = pending.get(trx)!;
  } else if (!state.events.has(id)) {
    await lookUp(trx, state, [id]);
  }
  return state;
}

/** The event of the check-in with this id, held or taken in this batch; undefined if there is none. */
export async function checkinEvent(trx: Transaction<Tables>, id: string): Promise<string | undefined> {
  return (await prepared(trx, id)).events.get(id);
}

/** An undo that arrived before its check-in, stored meanwhile: a check-in taken later in this batch is taken undone. */
export function noteEarlyVoid(trx: Transaction<Tables>, id: string, early: { eventId: string; voidedAt: string }): void {
  const state = pending.get(trx);
  if (state && !state.earlyVoids.has(id)) state.earlyVoids.set(id, early);
}

/** Takes a check-in the op records, unless one with its id is already held (then it is kept as it is). */
export async function takeCheckin(trx: Transaction<Tables>, row: CheckinRow, deviceName: string | undefined): Promise<void> {
  const state = await prepared(trx, row.id);
  if (state.events.get(row.id) !== undefined) return;
  state.events.set(row.id, row.eventId);
  const early = state.earlyVoids.get(row.id);
  const voidedAt = early && early.eventId === row.eventId ? early.voidedAt : null;
  state.rows.push({ ...row, voidedAt });
  const data = JSON.stringify(checkinRecord({ ...row, voided: voidedAt ? 1 : 0, voidedAt }, deviceName));
  state.changes.push({ seq: await takeChangeSeq(trx), eventId: row.eventId, entity: 'checkin', id: row.id, deleted: false, data, changedAt: row.receivedAt });
}

/** Writes the check-ins taken since the last flush, and their changes. */
export async function flushCheckins(trx: Transaction<Tables>): Promise<void> {
  const state = pending.get(trx);
  if (!state || state.rows.length === 0) return;
  const { rows, changes } = state;
  state.rows = [];
  state.changes = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    await insertRows(trx, 'checkins', CHECKIN_COLUMNS, chunk.map((r) => [r.id, r.eventId, r.participantId, r.stageId, r.deviceId, r.scannedAt, r.receivedAt, r.method, r.voidedAt ? 1 : 0, r.voidedAt ?? null]));
  }
  await insertChanges(trx, changes);
}
