import { addRow, allRows, blocksOf as blocksIn, putRows, rowById, type BlockLayout, type StoredRow } from './blocks.ts';
import type { ReadTx, WriteTx } from './database.ts';
import type { CheckinBlock, CheckinRow } from './schema.ts';

/**
 * How check-ins are stored: in blocks (blocks.ts), one IndexedDB record each (the `checkins`
 * table), found through the blocks' indexes (the ids they hold, their stage and participant keys,
 * their stage and scan time keys). Only this module knows it: the rest of the app reads and writes
 * check-in ROWS through the functions below.
 *
 * Who writes: a scan or a walk-in adds a block of its one check-in; a pull adds its new check-ins in
 * blocks, and rewrites the blocks of the rows it replaces or deletes (voids, this device's own
 * check-ins coming back from the server), as do the replay and undo of ops. Callers count what they
 * write in `attendance` (attendance.ts `storeCheckins`, `noteCheckins`).
 */

/*
 * The index keys of a row: its stage and participant (`who`), its stage and scan time (`times`), each
 * one string, the stage first and a NUL between (no id holds one: the server refuses control
 * characters in ids, and the device makes UUIDs). A string key costs IndexedDB less than a pair,
 * which it makes and compares as an array (schema.ts, version 80).
 */
const whoKey = (stageId: string, participantId: string) => `${stageId}\u0000${participantId}`;
const timeKey = (stageId: string, scannedAt: string) => `${stageId}\u0000${scannedAt}`;

/** A check-in block: its rows and their index keys (its key, `block`, is given by IndexedDB when it is added). */
const CHECKIN_BLOCKS: BlockLayout<'checkins'> = {
  table: 'checkins',
  blockOf: (rows, block) =>
    ({
      ...(block === undefined ? {} : { block }),
      rows: [...rows],
      ids: rows.map((row) => row.id),
      who: rows.map((row) => whoKey(row.stageId, row.participantId)),
      times: rows.map((row) => timeKey(row.stageId, row.scannedAt)),
    }) as CheckinBlock,
};

/** A stored block with its index keys made again from its rows (the upgrade to string keys). */
export function withStringKeys(block: CheckinBlock): CheckinBlock {
  return CHECKIN_BLOCKS.blockOf(block.rows, block.block);
}

/** The check-in with this id, if the device holds it. */
export function getCheckin(tx: ReadTx, id: string): Promise<CheckinRow | undefined> {
  return rowById(tx, 'checkins', id);
}

/**
 * Every check-in of a participant at a stage, voided ones included, in no particular order. Counted
 * first: most scans are a participant's first at the stage, and a count reads no block (a block of
 * a pull is 100 check-ins, about 25 KB to read for none of them).
 */
export async function checkinsAt(tx: ReadTx, stageId: string, participantId: string): Promise<CheckinRow[]> {
  const who = tx.objectStore('checkins').index('who');
  if ((await who.count(whoKey(stageId, participantId))) === 0) return [];
  const blocks: CheckinBlock[] = await who.getAll(whoKey(stageId, participantId));
  return blocks.flatMap((block) => block.rows.filter((row) => row.stageId === stageId && row.participantId === participantId));
}

/** Every check-in of a participant at these stages, voided ones included, in no particular order. */
export async function checkinsOf(tx: ReadTx, participantId: string, stageIds: readonly string[]): Promise<CheckinRow[]> {
  return (await Promise.all(stageIds.map((stageId) => checkinsAt(tx, stageId, participantId)))).flat();
}

/**
 * The latest `count` check-ins at a stage, voided ones included, newest first (equal times: the
 * greater id first). The index's keys are walked first (no record read), then only the blocks
 * holding those check-ins are read.
 */
export async function latestCheckins(tx: ReadTx, stageId: string, count: number): Promise<CheckinRow[]> {
  if (count <= 0) return [];
  const byTime = tx.objectStore('checkins').index('times');
  const range = IDBKeyRange.bound(timeKey(stageId, ''), timeKey(stageId, '\uffff'));
  const blocks = new Set<number>();
  let oldest = '';
  let seen = 0;
  // The newest `count` entries, and every other entry at the oldest of their times: check-ins scanned at the
  // same instant in other blocks, of which the greater ids come first.
  for (let cursor = await byTime.openKeyCursor(range, 'prev'); cursor; cursor = await cursor.continue()) {
    const time = (cursor.key as string).slice(stageId.length + 1);
    if (seen >= count && time !== oldest) break;
    blocks.add(cursor.primaryKey as number);
    oldest = time;
    seen += 1;
  }
  const read: (CheckinBlock | undefined)[] = await Promise.all([...blocks].map((block) => tx.objectStore('checkins').get(block)));
  const rows = read.flatMap((block) => block?.rows.filter((row) => row.stageId === stageId && row.scannedAt >= oldest) ?? []);
  rows.sort((a, b) => (a.scannedAt < b.scannedAt ? 1 : a.scannedAt > b.scannedAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return rows.slice(0, count);
}

/** Every check-in the device holds (tests, upgrades: at a festival, 100,000 rows). */
export function allCheckins(tx: ReadTx): Promise<CheckinRow[]> {
  return allRows(tx, 'checkins');
}

/** Adds one new check-in (a scan's, a walk-in's): a block of its own. Fails if its id is taken. */
export function addCheckin(tx: WriteTx, row: CheckinRow): Promise<void> {
  return addRow(tx, CHECKIN_BLOCKS, row);
}

/** One write of a check-in row: what it was (absent if new) and what it is (absent if deleted). */
export type StoredCheckin = StoredRow<CheckinRow>;

/**
 * Stores check-in rows (whole states: new ones, or the new state of stored ones) and deletes the
 * rows of `deleted`; resolves to each write with what the row was before, for attendance (blocks.ts
 * `putRows`: a pull's new rows are added without reading anything first).
 */
export function putCheckins(tx: WriteTx, rows: readonly CheckinRow[], deleted: readonly string[] = []): Promise<StoredCheckin[]> {
  return putRows(tx, CHECKIN_BLOCKS, rows, deleted);
}

/** The blocks holding these check-in rows, as an upgrade that moves rows into blocks writes them. */
export function blocksOf(rows: readonly CheckinRow[]): CheckinBlock[] {
  return blocksIn(CHECKIN_BLOCKS, rows);
}
