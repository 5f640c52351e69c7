import { sql, type Transaction } from 'kysely';
import type { Tables } from '../database/tables.ts';
import { insertChanges, takeChangeSeq, type ChangeRow } from './changes.ts';
import { checkinRecord } from './records.ts';

/**
 * Set-based writing of the check-ins of a batch (most of what devices push): which check-ins
 * already exist is read once per batch, and new check-ins and their changes are written a few
 * hundred rows per statement. Rows wait here only while check-ins follow one another in the
 * batch: the push flushes them before any other op runs, so every op sees the ones before it.
 */
interface Pending {
  known: Set<string>;
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

/** Reads which of the batch's check-in ids the server already holds (the first step of a batch). */
export async function prepareCheckins(trx: Transaction<Tables>, ids: readonly string[]): Promise<void> {
  const known = new Set<string>();
  const earlyVoids = new Map<string, { eventId: string; voidedAt: string }>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += 500) {
    const chunk = unique.slice(start, start + 500);
    for (const row of await trx.selectFrom('checkins').select('id').where('id', 'in', chunk).execute()) known.add(row.id);
    for (const row of await trx.selectFrom('earlyVoids').select(['id', 'eventId', 'voidedAt']).where('id', 'in', chunk).execute()) earlyVoids.set(row.id, row);
  }
  pending.set(trx, { known, earlyVoids, rows: [], changes: [] });
}

/** Takes a check-in the op records, unless one with its id is already held (then it is kept as it is). */
export async function takeCheckin(trx: Transaction<Tables>, row: CheckinRow, deviceName: string | undefined): Promise<void> {
  let state = pending.get(trx);
  if (!state) {
    await prepareCheckins(trx, [row.id]);
    state = pending.get(trx)!;
  }
  if (state.known.has(row.id)) return;
  state.known.add(row.id);
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
  for (let start = 0; start < rows.length; start += 500) {
    const values = rows
      .slice(start, start + 500)
      .map((r) => sql`(${r.id}, ${r.eventId}, ${r.participantId}, ${r.stageId}, ${r.deviceId}, ${r.scannedAt}, ${r.receivedAt}, ${r.method}, ${r.voidedAt ? 1 : 0}, ${r.voidedAt ?? null})`);
    await sql`insert into checkins (id, event_id, participant_id, stage_id, device_id, scanned_at, received_at, method, voided, voided_at)
      values ${sql.join(values)}`.execute(trx);
  }
  await insertChanges(trx, changes);
}
