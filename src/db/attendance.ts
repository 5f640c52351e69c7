import type { FigureCheckin } from '../shared/figures.ts';
import type { ReadTx, WriteTx } from './database.ts';
import type { AttendanceRow, CheckinDigestRow, CheckinRow } from './schema.ts';

/**
 * Who is present where, kept up to date as check-ins are written, so that the figures read 64
 * small rows instead of every check-in (at a festival, 100,000 of them: IndexedDB's cost is per
 * value deserialised, docs/benchmarks.md, "Festival size"). Two tables, written together:
 *
 * - `attendance`: per participant, per stage, how many non-voided check-ins (absent when none),
 *   in ATTENDANCE_BUCKETS rows by a hash of the participant's id. The figures read only this.
 * - `checkinDigest`: per check-in id, what was counted of it (participant, stage, voided), in
 *   ATTENDANCE_BUCKETS rows by a hash of the check-in's id; a check-in written again (voided,
 *   pulled again, deleted) is counted out before it is counted in, without reading its row.
 *
 * Every write of a check-in row goes through `noteCheckins` in the same transaction (the scan,
 * voids, walk-ins, the pull, the replay and undo of ops): they commit together or not at all.
 */

/** How many rows each of the two tables spreads its entries over. */
export const ATTENDANCE_BUCKETS = 64;

/** What was counted of a check-in: [participantId, stageId, voided]. */
export type DigestEntry = [participantId: string, stageId: string, voided: 0 | 1];

/** The bucket of an id (FNV-1a over its UTF-16 code units). */
export function bucketOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % ATTENDANCE_BUCKETS;
}

const entryOf = (row: Pick<CheckinRow, 'participantId' | 'stageId' | 'voided'>): DigestEntry => [row.participantId, row.stageId, row.voided ? 1 : 0];

/** Adds `delta` to the live check-ins of a participant at a stage, dropping counts that reach 0. */
function addLive(people: AttendanceRow['people'], participantId: string, stageId: string, delta: number): void {
  const stages = (people[participantId] ??= {});
  const count = (stages[stageId] ?? 0) + delta;
  if (count > 0) stages[stageId] = count;
  else delete stages[stageId];
  if (Object.keys(stages).length === 0) delete people[participantId];
}

/** Groups `items` by the bucket of their key. */
function byBucket<T>(items: Iterable<T>, key: (item: T) => string): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const bucket = bucketOf(key(item));
    const group = groups.get(bucket);
    if (group) group.push(item);
    else groups.set(bucket, [item]);
  }
  return groups;
}

/**
 * Counts these stored check-in rows (`stored`) and deleted ids (`deleted`) into `attendance`,
 * inside the read-write transaction that wrote them (it must include `checkinDigest` and
 * `attendance`). Call it with every check-in row written: the figures are only as true as that.
 */
export async function noteCheckins(tx: WriteTx, stored: readonly CheckinRow[], deleted: readonly string[] = []): Promise<void> {
  const changes: [string, DigestEntry | undefined][] = [...stored.map((row): [string, DigestEntry] => [row.id, entryOf(row)]), ...deleted.map((id): [string, undefined] => [id, undefined])];
  const digest = tx.objectStore('checkinDigest');
  const digestBuckets = byBucket(changes, ([id]) => id);
  const digestRows = await Promise.all([...digestBuckets.keys()].map(async (bucket): Promise<CheckinDigestRow> => (await digest.get(bucket)) ?? { bucket, checkins: {} }));
  const deltas: [participantId: string, stageId: string, delta: number][] = [];
  for (const row of digestRows) {
    for (const [id, entry] of digestBuckets.get(row.bucket)!) {
      const before = row.checkins[id];
      if (before && !before[2]) deltas.push([before[0], before[1], -1]);
      if (entry && !entry[2]) deltas.push([entry[0], entry[1], 1]);
      if (entry) row.checkins[id] = entry;
      else delete row.checkins[id];
    }
  }
  const attendance = tx.objectStore('attendance');
  const attendanceBuckets = byBucket(deltas, ([participantId]) => participantId);
  const attendanceRows = await Promise.all([...attendanceBuckets.keys()].map(async (bucket): Promise<AttendanceRow> => (await attendance.get(bucket)) ?? { bucket, people: {} }));
  for (const row of attendanceRows) for (const [participantId, stageId, delta] of attendanceBuckets.get(row.bucket)!) addLive(row.people, participantId, stageId, delta);
  await Promise.all([...digestRows.map((row) => digest.put(row)), ...attendanceRows.map((row) => attendance.put(row))]);
}

/** Both tables' rows for these check-in rows, as the upgrade that creates the tables fills them. */
export function attendanceOf(checkins: readonly CheckinRow[]): { digest: CheckinDigestRow[]; attendance: AttendanceRow[] } {
  const digest = new Map<number, CheckinDigestRow>();
  const attendance = new Map<number, AttendanceRow>();
  for (const checkin of checkins) {
    const bucket = bucketOf(checkin.id);
    let row = digest.get(bucket);
    if (!row) digest.set(bucket, (row = { bucket, checkins: {} }));
    row.checkins[checkin.id] = entryOf(checkin);
    if (checkin.voided) continue;
    const personBucket = bucketOf(checkin.participantId);
    let people = attendance.get(personBucket);
    if (!people) attendance.set(personBucket, (people = { bucket: personBucket, people: {} }));
    addLive(people.people, checkin.participantId, checkin.stageId, 1);
  }
  return { digest: [...digest.values()], attendance: [...attendance.values()] };
}

/**
 * The non-voided check-ins at the stages of `stageIds`, as the figures see them (one per check-in:
 * a participant with 3 at a stage gives 3), inside a transaction with `attendance`. Voided ones are
 * left out: the figures count none of them.
 */
export async function readAttendance(tx: ReadTx, stageIds: ReadonlySet<string>): Promise<FigureCheckin[]> {
  const checkins: FigureCheckin[] = [];
  const rows: AttendanceRow[] = await tx.objectStore('attendance').getAll();
  for (const row of rows) {
    for (const [participantId, stages] of Object.entries(row.people)) {
      for (const [stageId, count] of Object.entries(stages)) {
        if (!stageIds.has(stageId)) continue;
        const checkin: FigureCheckin = { participantId, stageId, voided: 0 };
        for (let i = 0; i < count; i += 1) checkins.push(checkin);
      }
    }
  }
  return checkins;
}
