import type { FigureCheckin } from '../shared/figures.ts';
import { putCheckins } from './checkin-store.ts';
import { storeRows, type ReadTx, type WriteTx } from './database.ts';
import type { AttendanceRow, CheckinRow } from './schema.ts';

/**
 * Who is present where: per participant, per stage, how many non-voided check-ins (absent when
 * none), in the `attendance` table's ATTENDANCE_BUCKETS rows by a hash of the participant's id,
 * kept up to date as check-ins are written, so that the figures read 64 small rows instead of
 * every check-in (at a festival, 100,000 of them: IndexedDB's cost is per value deserialised,
 * docs/benchmarks.md, "Festival size").
 *
 * Every write of a check-in row goes through `noteCheckins` (or `storeCheckins`, which writes and
 * notes) in the same transaction: the scan, voids, walk-ins, the pull, the replay and undo of ops.
 * They commit together or not at all.
 */

/** How many rows `attendance` spreads its participants over. */
export const ATTENDANCE_BUCKETS = 64;

/** The bucket of a participant id (FNV-1a over its UTF-16 code units). */
export function bucketOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % ATTENDANCE_BUCKETS;
}

type Counted = Pick<CheckinRow, 'participantId' | 'stageId' | 'voided'>;

/** One write of a check-in row: what it was before (absent for a new one) and after (absent when deleted). */
export interface CheckinWrite {
  before?: Counted | undefined;
  after?: Counted | undefined;
}

/** Adds `delta` to the live check-ins of a participant at a stage, dropping counts that reach 0. */
function addLive(people: AttendanceRow['people'], participantId: string, stageId: string, delta: number): void {
  const stages = (people[participantId] ??= {});
  const count = (stages[stageId] ?? 0) + delta;
  if (count > 0) stages[stageId] = count;
  else delete stages[stageId];
  if (Object.keys(stages).length === 0) delete people[participantId];
}

/**
 * Counts these writes of check-in rows into `attendance`, inside the read-write transaction that
 * made them (it must include CHECKIN_TABLES, checkins.ts). Call it with every check-in row
 * written, and what the row was before: the figures are only as true as that.
 */
export async function noteCheckins(tx: WriteTx, writes: readonly CheckinWrite[]): Promise<void> {
  const deltas = new Map<number, [participantId: string, stageId: string, delta: number][]>();
  const add = (row: Counted | undefined, delta: number) => {
    if (!row || row.voided) return;
    const bucket = bucketOf(row.participantId);
    const list = deltas.get(bucket);
    if (list) list.push([row.participantId, row.stageId, delta]);
    else deltas.set(bucket, [[row.participantId, row.stageId, delta]]);
  };
  for (const { before, after } of writes) {
    add(before, -1);
    add(after, 1);
  }
  const table = tx.objectStore('attendance');
  const rows = await Promise.all([...deltas.keys()].map(async (bucket): Promise<AttendanceRow> => (await table.get(bucket)) ?? { bucket, people: {} }));
  for (const row of rows) for (const [participantId, stageId, delta] of deltas.get(row.bucket)!) addLive(row.people, participantId, stageId, delta);
  await storeRows(tx, 'attendance', rows);
}

/**
 * Stores check-in rows (whole states: a pull's, a replayed op's) and deletes the rows of `deleted`
 * (checkin-store.ts), and counts them (noteCheckins), in a transaction over CHECKIN_TABLES. New
 * rows, a pull's usual case, are added without reading anything first; only the blocks of rows
 * already stored are read, to count what those rows were out.
 */
export async function storeCheckins(tx: WriteTx, rows: readonly CheckinRow[], deleted: readonly string[] = []): Promise<void> {
  await noteCheckins(tx, await putCheckins(tx, rows, deleted));
}

/** `attendance`'s rows for these check-in rows, as the upgrade that creates the table fills it. */
export function attendanceRowsOf(checkins: readonly CheckinRow[]): AttendanceRow[] {
  const rows = new Map<number, AttendanceRow>();
  for (const checkin of checkins) {
    if (checkin.voided) continue;
    const bucket = bucketOf(checkin.participantId);
    let row = rows.get(bucket);
    if (!row) rows.set(bucket, (row = { bucket, people: {} }));
    addLive(row.people, checkin.participantId, checkin.stageId, 1);
  }
  return [...rows.values()];
}

/**
 * The non-voided check-ins at the stages of `stageIds`, as the figures see them: one per participant
 * and stage, standing for `count` check-ins (src/shared/figures.ts), inside a transaction with
 * `attendance`. Voided ones are left out: the figures count none of them.
 */
export async function readAttendance(tx: ReadTx, stageIds: ReadonlySet<string>): Promise<FigureCheckin[]> {
  const checkins: FigureCheckin[] = [];
  const rows: AttendanceRow[] = await tx.objectStore('attendance').getAll();
  for (const row of rows) {
    for (const [participantId, stages] of Object.entries(row.people)) {
      for (const [stageId, count] of Object.entries(stages)) {
        if (!stageIds.has(stageId)) continue;
        checkins.push({ participantId, stageId, voided: 0, count });
      }
    }
  }
  return checkins;
}
