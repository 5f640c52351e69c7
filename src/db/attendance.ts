import type { FigureCheckin } from '../shared/figures.ts';
import type { ReadTx, WriteTx } from './database.ts';
import type { AttendanceRow, CheckinRow } from './schema.ts';

/**
 * What the figures need of every check-in (its participant, its stage, whether it is voided),
 * kept in the `attendance` table in ATTENDANCE_BUCKETS rows, up to date with the `checkins` table:
 * every write of a check-in row goes through `noteCheckins` in the same transaction (the scan,
 * voids, walk-ins, the pull, the replay and undo of ops). At a festival (100,000 check-ins) the
 * dashboard then reads 64 rows instead of 100,000: IndexedDB's cost is per row read, far more than
 * per byte (docs/benchmarks.md, "Festival size").
 *
 * A check-in is in the bucket its id hashes to, so a write touches one bucket (a scan rewrites about
 * 1,600 entries at 100,000 check-ins) and a deleted check-in is found from its id alone.
 */

/** How many rows hold the check-ins' digest. */
export const ATTENDANCE_BUCKETS = 64;

/** A check-in as the figures see it: [participantId, stageId, voided]. */
export type AttendanceEntry = [participantId: string, stageId: string, voided: 0 | 1];

/** The bucket of a check-in id (FNV-1a over its UTF-16 code units). */
export function bucketOf(checkinId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < checkinId.length; i += 1) hash = Math.imul(hash ^ checkinId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % ATTENDANCE_BUCKETS;
}

/** The digest entry of a stored check-in row. */
const entryOf = (row: Pick<CheckinRow, 'participantId' | 'stageId' | 'voided'>): AttendanceEntry => [row.participantId, row.stageId, row.voided ? 1 : 0];

/**
 * Records in the digest that these check-in rows were stored (`stored`) and these ids deleted
 * (`deleted`), inside the read-write transaction that wrote them (it must include `attendance`).
 * Call it with every check-in row written: the digest is only as true as its writers.
 */
export async function noteCheckins(tx: WriteTx, stored: readonly CheckinRow[], deleted: readonly string[] = []): Promise<void> {
  const changes = new Map<number, [string, AttendanceEntry | undefined][]>();
  const note = (id: string, entry: AttendanceEntry | undefined) => {
    const bucket = bucketOf(id);
    const list = changes.get(bucket);
    if (list) list.push([id, entry]);
    else changes.set(bucket, [[id, entry]]);
  };
  for (const row of stored) note(row.id, entryOf(row));
  for (const id of deleted) note(id, undefined);
  const table = tx.objectStore('attendance');
  const buckets = [...changes.keys()];
  const rows = await Promise.all(buckets.map((bucket) => table.get(bucket)));
  await Promise.all(
    buckets.map((bucket, i) => {
      const row: AttendanceRow = rows[i] ?? { bucket, checkins: {} };
      for (const [id, entry] of changes.get(bucket)!) {
        if (entry) row.checkins[id] = entry;
        else delete row.checkins[id];
      }
      return table.put(row);
    }),
  );
}

/** The digest of every check-in row of `checkins`, as the upgrade to the table's first version fills it. */
export function attendanceRowsOf(checkins: readonly CheckinRow[]): AttendanceRow[] {
  const rows = new Map<number, AttendanceRow>();
  for (const checkin of checkins) {
    const bucket = bucketOf(checkin.id);
    let row = rows.get(bucket);
    if (!row) rows.set(bucket, (row = { bucket, checkins: {} }));
    row.checkins[checkin.id] = entryOf(checkin);
  }
  return [...rows.values()];
}

/** Every check-in the device holds, as the figures see them, at the stages of `stageIds` (inside a transaction with `attendance`). */
export async function readAttendance(tx: ReadTx, stageIds: ReadonlySet<string>): Promise<FigureCheckin[]> {
  const checkins: FigureCheckin[] = [];
  const rows: AttendanceRow[] = await tx.objectStore('attendance').getAll();
  for (const row of rows) {
    for (const [participantId, stageId, voided] of Object.values<AttendanceEntry>(row.checkins)) {
      if (stageIds.has(stageId)) checkins.push({ participantId, stageId, voided });
    }
  }
  return checkins;
}
