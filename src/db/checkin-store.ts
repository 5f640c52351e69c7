import { addNewRows, storeRows, type ReadTx, type WriteTx } from './database.ts';
import type { CheckinBlock, CheckinRow } from './schema.ts';

/**
 * How check-ins are stored: in blocks of up to BLOCK_ROWS rows, one IndexedDB record each (the
 * `checkins` table), and found through the blocks' indexes (the ids they hold, their stage and
 * participant keys, their stage and scan time keys). Only this module knows it: the rest of
 * the app reads and writes check-in ROWS through the functions below.
 *
 * Why blocks: IndexedDB's cost on the page's main thread is per record (a request, its
 * serialisation, its index keys, its success event), about 130 µs a check-in at 4× CPU slowdown in
 * Chromium whatever the indexes; a festival's first pull stores 100,000 check-ins, which took most
 * of its 20 s budget. In blocks of 100, a page of 10,000 check-ins is 100 records
 * (docs/benchmarks.md, "Festival size: check-ins in blocks"). A block is small enough that reading
 * one to find a participant's check-in (a scan of someone already scanned at the stage) stays cheap.
 *
 * Who writes: a scan or a walk-in adds a block of its one check-in; a pull adds its new check-ins in
 * blocks, and rewrites the blocks of the rows it replaces or deletes (voids, this device's own
 * check-ins coming back from the server), as do the replay and undo of ops. Callers count what they
 * write in `attendance` (attendance.ts `storeCheckins`, `noteCheckins`).
 */

/** The most check-ins a block holds. */
export const BLOCK_ROWS = 100;

/*
 * The index keys of a row: its stage and participant (`who`), its stage and scan time (`times`), each
 * one string, the stage first and a NUL between (no id holds one: the server refuses control
 * characters in ids, and the device makes UUIDs). A string key costs IndexedDB less than a pair,
 * which it makes and compares as an array (schema.ts, version 80).
 */
const whoKey = (stageId: string, participantId: string) => `${stageId}\u0000${participantId}`;
const timeKey = (stageId: string, scannedAt: string) => `${stageId}\u0000${scannedAt}`;

/** A new block of these rows (its key is given by IndexedDB when it is added). */
function blockOf(rows: readonly CheckinRow[], block?: number): CheckinBlock {
  return {
    ...(block === undefined ? {} : { block }),
    rows: [...rows],
    ids: rows.map((row) => row.id),
    who: rows.map((row) => whoKey(row.stageId, row.participantId)),
    times: rows.map((row) => timeKey(row.stageId, row.scannedAt)),
  } as CheckinBlock;
}

/** A stored block with its index keys made again from its rows (the upgrade to string keys). */
export function withStringKeys(block: CheckinBlock): CheckinBlock {
  return blockOf(block.rows, block.block);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** The check-in with this id, if the device holds it. */
export async function getCheckin(tx: ReadTx, id: string): Promise<CheckinRow | undefined> {
  const block: CheckinBlock | undefined = await tx.objectStore('checkins').index('id').get(id);
  return block?.rows.find((row) => row.id === id);
}

/** Every check-in of a participant at a stage, voided ones included, in no particular order. */
export async function checkinsAt(tx: ReadTx, stageId: string, participantId: string): Promise<CheckinRow[]> {
  const blocks: CheckinBlock[] = await tx.objectStore('checkins').index('who').getAll(whoKey(stageId, participantId));
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
export async function allCheckins(tx: ReadTx): Promise<CheckinRow[]> {
  return (await tx.objectStore('checkins').getAll()).flatMap((block) => block.rows);
}

/** Adds one new check-in (a scan's, a walk-in's): a block of its own. Fails if its id is taken. */
export async function addCheckin(tx: WriteTx, row: CheckinRow): Promise<void> {
  await tx.objectStore('checkins').add(blockOf([row]));
}

/** One write of a check-in row: what it was (absent if new) and what it is (absent if deleted). */
export interface StoredCheckin {
  before?: CheckinRow;
  after?: CheckinRow;
}

/**
 * Stores check-in rows (whole states: new ones, or the new state of stored ones) and deletes the
 * rows of `deleted`; resolves to each write with what the row was before, for attendance. New rows,
 * a pull's usual case, are added in blocks without reading anything first; a block refused because
 * one of its ids is already stored is split: its stored rows are replaced in their blocks (each
 * block read and written once), the others added in a new block.
 */
export async function putCheckins(tx: WriteTx, rows: readonly CheckinRow[], deleted: readonly string[] = []): Promise<StoredCheckin[]> {
  const unique = [...new Map(rows.map((row) => [row.id, row])).values()];
  const refused = await addNewRows(tx, 'checkins', chunks(unique, BLOCK_ROWS).map((part) => blockOf(part)));
  const writes: StoredCheckin[] = [];
  const taken = new Set(refused.flatMap((block) => block.ids));
  for (const row of unique) if (!taken.has(row.id)) writes.push({ after: row });
  if (taken.size === 0 && deleted.length === 0) return writes;

  const store = tx.objectStore('checkins');
  const changed = unique.filter((row) => taken.has(row.id));
  const gone = deleted.filter((id) => !taken.has(id));
  const homes = (await Promise.all([...changed.map((row) => row.id), ...gone].map((id) => store.index('id').getKey(id)))) as (number | undefined)[];
  const fresh: CheckinRow[] = [];
  const edits = new Map<number, Map<string, CheckinRow | undefined>>(); // block → id → new row (undefined: deleted)
  [...changed, ...gone].forEach((item, i) => {
    const home = homes[i];
    const [id, after] = typeof item === 'string' ? [item, undefined] : [item.id, item];
    if (home === undefined) {
      if (after) fresh.push(after); // not stored: it came in a block refused for another of its rows
      return;
    }
    let edit = edits.get(home);
    if (!edit) edits.set(home, (edit = new Map()));
    edit.set(id, after);
  });
  const blocks = await Promise.all([...edits.keys()].map((key) => store.get(key)));
  const rewritten: CheckinBlock[] = [];
  const emptied: number[] = [];
  blocks.forEach((block) => {
    if (!block) return;
    const edit = edits.get(block.block)!;
    const kept: CheckinRow[] = [];
    for (const row of block.rows) {
      if (!edit.has(row.id)) {
        kept.push(row);
        continue;
      }
      const after = edit.get(row.id);
      writes.push(after ? { before: row, after } : { before: row });
      if (after) kept.push(after);
    }
    if (kept.length > 0) rewritten.push(blockOf(kept, block.block));
    else emptied.push(block.block);
  });
  await storeRows(tx, 'checkins', rewritten, emptied);
  for (const part of chunks(fresh, BLOCK_ROWS)) await store.add(blockOf(part));
  writes.push(...fresh.map((after) => ({ after })));
  return writes;
}

/** The blocks holding these check-in rows, as an upgrade that moves rows into blocks writes them. */
export function blocksOf(rows: readonly CheckinRow[]): CheckinBlock[] {
  return chunks(rows, BLOCK_ROWS).map((part) => blockOf(part));
}
