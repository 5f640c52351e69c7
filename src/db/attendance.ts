import type { FigureCheckin } from '../shared/figures.ts';
import { putCheckins } from './checkin-store.ts';
import { all, storeRows, type ReadTx, type WriteTx } from './database.ts';
import type { AttendanceLogRow, AttendanceRow, CheckinRow, StageCountRow } from './schema.ts';

/**
 * Who is present where: per participant, per stage, how many non-voided check-ins (absent when
 * none), in the `attendance` table's ATTENDANCE_BUCKETS rows by a hash of the participant's id,
 * kept up to date as check-ins are written, so that the figures read 64 small rows instead of
 * every check-in (at a festival, 100,000 of them: IndexedDB's cost is per value deserialised,
 * docs/benchmarks.md, "Festival size").
 *
 * The same writes keep `stageCounts`: per stage, how many participants are present and how many
 * non-voided check-ins there are, so that the check-in screen reads one row after each scan
 * rather than the stage's 12,000 check-ins.
 *
 * Every write of a check-in row goes through `noteCheckins` (or `storeCheckins`, which writes and
 * notes) in the same transaction: voids, the pull, the replay and undo of ops. They commit together
 * or not at all. A new check-in (a scan, a name tapped, a walk-in) goes through `readNewCheckinCount`
 * instead: it updates its stage's row of `stageCounts` and adds an entry to `attendanceLog`, without
 * reading its participant's row of `attendance` (a festival's is about 20 KB, a third of what a scan
 * read and wrote). The rows of `attendance` plus the entries of `attendanceLog` are the truth; every
 * reader adds both (`readAttendance`), and the next `noteCheckins` (a pull page, a void) adds the
 * entries into the rows and deletes them, so the log holds what was scanned since the last sync.
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

/**
 * A row of `attendance` opened to be counted into or read (`openRow`): each participant's counts by
 * position in `stages` (0 for none, none after the last stage counted), in a Map, not an object with
 * a key per participant (see AttendanceRow).
 */
export interface OpenAttendanceRow {
  bucket: number;
  stages: string[];
  people: Map<string, number[]>;
}

/**
 * Strings joined in one, as the rows of `attendance` and `participantKinds` hold their ids (and
 * kinds): a NUL between two. No id holds one (the server refuses control characters in ids, and the
 * device makes UUIDs), nor does a kind; none is empty.
 */
export const joinList = (list: readonly string[]): string => list.join('\u0000');

/** The strings joined by `joinList` (none in an empty string). */
export const splitList = (joined: string): string[] => (joined === '' ? [] : joined.split('\u0000'));

/** An empty open row of `attendance`. */
const emptyRow = (bucket: number): OpenAttendanceRow => ({ bucket, stages: [], people: new Map() });

/**
 * A stored row of `attendance`, opened to be counted into or read. A row in an older layout is
 * read too: a tab of the build before version 120, left open, goes on writing them into the
 * upgraded database (the next count here writes them back in the latest).
 */
export function openRow(stored: AttendanceRow): OpenAttendanceRow {
  const row = latestAttendanceRow(stored);
  const width = row.stages.length;
  const people = new Map<string, number[]>();
  splitList(row.ids).forEach((id, at) => {
    const start = at * width;
    let end = start + width;
    while (end > start && row.counts[end - 1] === 0) end -= 1;
    const counts: number[] = [];
    for (let i = start; i < end; i += 1) counts.push(row.counts[i]!);
    people.set(id, counts);
  });
  return { bucket: row.bucket, stages: [...row.stages], people };
}

/** An open row of `attendance` as it is stored. */
export function storedRow(row: OpenAttendanceRow): AttendanceRow {
  const width = row.stages.length;
  const counts = new Uint32Array(row.people.size * width);
  let at = 0;
  for (const list of row.people.values()) counts.set(list, width * at++);
  return { bucket: row.bucket, stages: row.stages, ids: joinList([...row.people.keys()]), counts };
}

/**
 * Adds `delta` to the live check-ins of a participant at a stage, dropping counts that reach 0, and
 * says how that changed who is present there: 1 when the participant became present, -1 when no
 * longer, else 0.
 */
function addLive(row: OpenAttendanceRow, participantId: string, stageId: string, delta: number): -1 | 0 | 1 {
  let at = row.stages.indexOf(stageId);
  if (at < 0) at = row.stages.push(stageId) - 1;
  const counts = row.people.get(participantId) ?? [];
  const before = counts[at] ?? 0;
  const count = Math.max(0, before + delta);
  while (counts.length <= at) counts.push(0);
  counts[at] = count;
  while (counts.length > 0 && counts[counts.length - 1] === 0) counts.pop();
  if (counts.length > 0) row.people.set(participantId, counts);
  else row.people.delete(participantId);
  return before <= 0 && count > 0 ? 1 : before > 0 && count <= 0 ? -1 : 0;
}

/** A row of `attendance` as versions 40 to 90 stored it: each participant's counts by stage id. */
interface AttendanceRowOf40 {
  bucket: number;
  people: Record<string, Record<string, number>>;
}

/** A row of `attendance` as versions 100 and 110 stored it: the stages named once, each participant's counts by position. */
interface AttendanceRowOf100 {
  bucket: number;
  stages: string[];
  people: Record<string, number[]>;
}

/** A row of `attendance` as any version stored it, in the layout of the latest (a row already in it is returned as it is). */
export function latestAttendanceRow(row: AttendanceRow | AttendanceRowOf100 | AttendanceRowOf40): AttendanceRow {
  if (!('people' in row)) return row;
  const open = emptyRow(row.bucket);
  if ('stages' in row && Array.isArray(row.stages)) {
    open.stages = [...row.stages];
    for (const [participantId, counts] of Object.entries(row.people)) if (counts.some((count) => count > 0)) open.people.set(participantId, [...counts]);
  } else {
    for (const [participantId, byStage] of Object.entries((row as AttendanceRowOf40).people)) {
      for (const [stageId, count] of Object.entries(byStage)) addLive(open, participantId, stageId, count);
    }
  }
  return storedRow(open);
}

/** Adds to a stage's row of `stageCounts`, making it when missing. */
function addToStage(stages: Map<string, StageCountRow>, stageId: string, present: number, scans: number): void {
  let row = stages.get(stageId);
  if (!row) stages.set(stageId, (row = { stageId, present: 0, scans: 0 }));
  row.present += present;
  row.scans += scans;
}

/**
 * Counts these writes of check-in rows into `attendance` and `stageCounts`, inside the read-write
 * transaction that made them (it must include CHECKIN_TABLES, checkins.ts). Call it with every
 * check-in row written, and what the row was before: the figures are only as true as that.
 */
export async function noteCheckins(tx: WriteTx, writes: readonly CheckinWrite[]): Promise<void> {
  await (await readCounts(tx, writes))();
}

/**
 * The first half of noteCheckins, for a write that has reads of its own to make first: the rows
 * these writes change, read in one round trip; the function returned stores them changed.
 */
export async function readCounts(tx: WriteTx, writes: readonly CheckinWrite[]): Promise<() => Promise<void>> {
  const deltas = new Map<number, [participantId: string, stageId: string, delta: number][]>();
  const touched = new Set<string>(); // the stages whose counts may change
  const add = (row: Counted | undefined, delta: number) => {
    if (!row || row.voided) return;
    touched.add(row.stageId);
    const bucket = bucketOf(row.participantId);
    const list = deltas.get(bucket);
    if (list) list.push([row.participantId, row.stageId, delta]);
    else deltas.set(bucket, [[row.participantId, row.stageId, delta]]);
  };
  for (const { before, after } of writes) {
    // A row written again as it counted (a pull bringing back this device's own check-ins with the
    // time the server received them): nothing to count, no row to read.
    if (countsAs(before, after)) continue;
    add(before, -1);
    add(after, 1);
  }
  const table = tx.objectStore('attendance');
  const counts = tx.objectStore('stageCounts');
  const readRow = async (bucket: number): Promise<OpenAttendanceRow> => {
    const row = await table.get(bucket);
    return row ? openRow(row) : emptyRow(bucket);
  };
  // The rows, the stages' counts and the log asked for at once: one round trip (a second only for
  // the rows of logged participants that these writes do not touch, when the log is long).
  const [rows, stageRows, log] = await Promise.all([
    Promise.all([...deltas.keys()].map(readRow)),
    Promise.all([...touched].map((stageId) => counts.get(stageId))),
    tx.objectStore('attendanceLog').getAll(),
  ]);
  const byBucket = new Map(rows.map((row) => [row.bucket, row]));
  // The log's entries of the rows read are added in (they must be, before these writes say who
  // became present); the others too once the log is long, so that it stays short to read.
  const logged = log.length >= LOG_FOLD_AT ? log : log.filter((entry) => byBucket.has(bucketOf(entry.participantId)));
  const missing = [...new Set(logged.map((entry) => bucketOf(entry.participantId)))].filter((bucket) => !byBucket.has(bucket));
  for (const row of await Promise.all(missing.map(readRow))) byBucket.set(row.bucket, row);
  return async () => {
    // The log first: its entries are already in `stageCounts`, and the rows must be true before
    // these writes say who became present or absent.
    addLogged(byBucket, logged);
    const stages = new Map<string, StageCountRow>();
    for (const row of stageRows) if (row) stages.set(row.stageId, row);
    for (const [bucket, list] of deltas) {
      const row = byBucket.get(bucket)!;
      for (const [participantId, stageId, delta] of list) addToStage(stages, stageId, addLive(row, participantId, stageId, delta), delta);
    }
    // A stage left with no live check-in has no row, as if none had ever been written there.
    const emptied = [...stages.values()].filter((row) => row.scans <= 0);
    await Promise.all([
      storeRows(tx, 'attendance', [...byBucket.values()].map(storedRow)),
      storeRows(tx, 'stageCounts', [...stages.values()].filter((row) => row.scans > 0), emptied.map((row) => row.stageId)),
      logged.length === log.length && log.length > 0
        ? tx.objectStore('attendanceLog').delete(IDBKeyRange.bound(log[0]!.seq!, log.at(-1)!.seq!))
        : all((send) => logged.forEach((entry) => send(tx.objectStore('attendanceLog').delete(entry.seq!)))),
    ]);
  };
}

/** Entries of `attendanceLog` from which a write of many check-ins adds them all into `attendance`. */
const LOG_FOLD_AT = 500;

/** Whether a row written counts as it did before: both not counted (absent or voided), or both non-voided for one participant at one stage. */
function countsAs(before: Counted | undefined, after: Counted | undefined): boolean {
  const was = before && !before.voided ? before : undefined;
  const is = after && !after.voided ? after : undefined;
  return was === undefined || is === undefined ? was === is : was.participantId === is.participantId && was.stageId === is.stageId;
}

/** Adds the log's entries to these rows of `attendance` (made when missing). */
function addLogged(rows: Map<number, OpenAttendanceRow>, logged: readonly AttendanceLogRow[]): void {
  for (const { participantId, stageId, delta } of logged) {
    const bucket = bucketOf(participantId);
    let row = rows.get(bucket);
    if (!row) rows.set(bucket, (row = emptyRow(bucket)));
    addLive(row, participantId, stageId, delta);
  }
}

/**
 * For a new, non-voided check-in (a scan's, a name tapped, a walk-in's), the first half of its
 * counting: its stage's row of `stageCounts`, read; the function returned writes that row and an
 * entry of `attendanceLog`, without reading the participant's row of `attendance`. `firstHere`:
 * the participant had no non-voided check-in at this stage before (the caller read that).
 */
export async function readNewCheckinCount(tx: WriteTx, stageId: string): Promise<(participantId: string, firstHere: boolean) => Promise<void>> {
  const stage = await readStageCount(tx, stageId);
  return async (participantId, firstHere) => {
    const counted: StageCountRow = { stageId, present: stage.present + (firstHere ? 1 : 0), scans: stage.scans + 1 };
    await Promise.all([storeRows(tx, 'stageCounts', [counted]), tx.objectStore('attendanceLog').add({ participantId, stageId, delta: 1 })]);
  };
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
  return countedRowsOf(checkins).map(storedRow);
}

/** The open rows of `attendance` for these check-in rows. */
function countedRowsOf(checkins: readonly CheckinRow[]): OpenAttendanceRow[] {
  const rows = new Map<number, OpenAttendanceRow>();
  for (const checkin of checkins) {
    if (checkin.voided) continue;
    const bucket = bucketOf(checkin.participantId);
    let row = rows.get(bucket);
    if (!row) rows.set(bucket, (row = emptyRow(bucket)));
    addLive(row, checkin.participantId, checkin.stageId, 1);
  }
  return [...rows.values()];
}

/** `stageCounts`' rows for these check-in rows, as the upgrade that creates the table fills it. */
export function stageCountsOf(checkins: readonly CheckinRow[]): StageCountRow[] {
  const stages = new Map<string, StageCountRow>();
  for (const row of countedRowsOf(checkins)) {
    for (const counts of row.people.values()) {
      counts.forEach((scans, i) => {
        if (scans > 0) addToStage(stages, row.stages[i]!, 1, scans);
      });
    }
  }
  return [...stages.values()];
}

/** A stage's present participants and non-voided check-ins, inside a transaction with `stageCounts` (none when it has no row). */
export async function readStageCount(tx: ReadTx, stageId: string): Promise<StageCountRow> {
  return (await tx.objectStore('stageCounts').get(stageId)) ?? { stageId, present: 0, scans: 0 };
}

/** Every row of `attendance`, opened, with the entries of `attendanceLog` added: who is present where, inside a transaction with both. */
export async function readAttendanceRows(tx: ReadTx): Promise<OpenAttendanceRow[]> {
  const [rows, logged] = await Promise.all([tx.objectStore('attendance').getAll(), tx.objectStore('attendanceLog').getAll()]);
  const byBucket = new Map(rows.map((row) => [row.bucket, openRow(row)]));
  addLogged(byBucket, logged);
  return [...byBucket.values()];
}

/**
 * The non-voided check-ins at the stages of `stageIds`, as the figures see them: one per participant
 * and stage, standing for `count` check-ins (src/shared/figures.ts), inside a transaction with
 * `attendance` and `attendanceLog`. Voided ones are left out: the figures count none of them.
 */
export async function readAttendance(tx: ReadTx, stageIds: ReadonlySet<string>): Promise<FigureCheckin[]> {
  const checkins: FigureCheckin[] = [];
  for (const row of await readAttendanceRows(tx)) {
    // The row's stages looked up once, not once per participant.
    const wanted = row.stages.map((stageId) => stageIds.has(stageId));
    for (const [participantId, counts] of row.people) {
      for (let i = 0; i < counts.length; i += 1) {
        if (counts[i]! > 0 && wanted[i]) checkins.push({ participantId, stageId: row.stages[i]!, voided: 0, count: counts[i]! });
      }
    }
  }
  return checkins;
}
