import { addNewRows, storeRows, type ReadTx, type WriteTx } from './database.ts';
import type { CheckinRow, EtapeSchema, ParticipantRow } from './schema.ts';

/**
 * Tables whose rows are stored in blocks: up to BLOCK_ROWS rows in one IndexedDB record, found
 * through the blocks' multiEntry indexes (`id`: the ids of the rows a block holds, unique; and the
 * table's own). Why: IndexedDB's cost on the page's main thread is per record (a request, its
 * serialisation, its index keys, its success event): about 130 µs a row at 4× CPU slowdown in
 * Chromium, whatever the indexes. A festival's first pull stores 100,000 check-ins and 20,000
 * participants; in blocks of 100, a page of 10,000 rows is 100 records (docs/benchmarks.md,
 * "Festival size: check-ins in blocks", "participants in blocks"). A block is small enough that
 * reading one to find a row (a scan's participant, their check-ins at a stage) stays cheap.
 *
 * Only the table's own module knows it (checkin-store.ts, participant-store.ts): the rest of the app
 * reads and writes ROWS through their functions, which are built on these.
 */

/** The most rows a block holds. */
export const BLOCK_ROWS = 100;

/** The tables stored in blocks, and their rows. */
interface BlockRows {
  checkins: CheckinRow;
  participants: ParticipantRow;
}
export type BlockTable = keyof BlockRows;
type RowOf<T extends BlockTable> = BlockRows[T];
type BlockOf<T extends BlockTable> = EtapeSchema[T]['value'] & { block: number; rows: RowOf<T>[]; ids: string[] };

/** How a table's blocks are made: its name, and a block of rows with its index keys (its key, `block`, when it replaces a stored one). */
export interface BlockLayout<T extends BlockTable> {
  table: T;
  blockOf(rows: readonly RowOf<T>[], block?: number): BlockOf<T>;
}

/** One write of a row: what it was (absent if new) and what it is (absent if deleted). */
export interface StoredRow<R> {
  before?: R;
  after?: R;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** The blocks holding these rows, as an upgrade that moves rows into blocks writes them. */
export function blocksOf<T extends BlockTable>(layout: BlockLayout<T>, rows: readonly RowOf<T>[]): BlockOf<T>[] {
  return chunks(rows, BLOCK_ROWS).map((part) => layout.blockOf(part));
}

/** The row with this id, if the device holds it. */
export async function rowById<T extends BlockTable>(tx: ReadTx, table: T, id: string): Promise<RowOf<T> | undefined> {
  const block = (await tx.objectStore(table).index('id').get(id)) as BlockOf<T> | undefined;
  return block?.rows.find((row) => row.id === id);
}

/** Every row of the table (tests, upgrades, a whole list). */
export async function allRows<T extends BlockTable>(tx: ReadTx, table: T): Promise<RowOf<T>[]> {
  return ((await tx.objectStore(table).getAll()) as BlockOf<T>[]).flatMap((block) => block.rows);
}

/** Adds one new row (a scan's check-in, a walk-in): a block of its own. Fails if its id is taken. */
export async function addRow<T extends BlockTable>(tx: WriteTx, layout: BlockLayout<T>, row: RowOf<T>): Promise<void> {
  await tx.objectStore(layout.table).add(layout.blockOf([row]) as never);
}

/**
 * Stores rows (whole states: new ones, or the new state of stored ones) and deletes the rows of
 * `deleted`; resolves to each write with what the row was before (the callers count them: attendance,
 * participant kinds). New rows, a pull's usual case, are added in blocks without reading anything
 * first; a block refused because one of its ids is already stored is split: its stored rows are
 * replaced in their blocks (each block read and written once), the others added in a new block.
 */
export async function putRows<T extends BlockTable>(tx: WriteTx, layout: BlockLayout<T>, rows: readonly RowOf<T>[], deleted: readonly string[] = []): Promise<StoredRow<RowOf<T>>[]> {
  const { table } = layout;
  const unique = [...new Map(rows.map((row) => [row.id, row])).values()];
  const refused = (await addNewRows(tx, table, blocksOf(layout, unique))) as BlockOf<T>[];
  const writes: StoredRow<RowOf<T>>[] = [];
  const taken = new Set(refused.flatMap((block) => block.ids));
  for (const row of unique) if (!taken.has(row.id)) writes.push({ after: row });
  if (taken.size === 0 && deleted.length === 0) return writes;

  // The table's store as both tables have it (idb's types do not follow a table name that is a type parameter).
  const store = tx.objectStore(table) as unknown as { index(name: 'id'): { getKey(id: string): Promise<number | undefined> }; get(key: number): Promise<BlockOf<T> | undefined> };
  const changed = unique.filter((row) => taken.has(row.id));
  const gone = deleted.filter((id) => !taken.has(id));
  const homes = await Promise.all([...changed.map((row) => row.id), ...gone].map((id) => store.index('id').getKey(id)));
  const fresh: RowOf<T>[] = [];
  const edits = new Map<number, Map<string, RowOf<T> | undefined>>(); // block → id → new row (undefined: deleted)
  [...changed, ...gone].forEach((item, i) => {
    const home = homes[i];
    const [id, after]: [string, RowOf<T> | undefined] = typeof item === 'string' ? [item, undefined] : [item.id, item];
    if (home === undefined) {
      if (after) fresh.push(after); // not stored: it came in a block refused for another of its rows
      return;
    }
    let edit = edits.get(home);
    if (!edit) edits.set(home, (edit = new Map()));
    edit.set(id, after);
  });
  const blocks = await Promise.all([...edits.keys()].map((key) => store.get(key)));
  const rewritten: BlockOf<T>[] = [];
  const emptied: number[] = [];
  blocks.forEach((block) => {
    if (!block) return;
    const edit = edits.get(block.block)!;
    const kept: RowOf<T>[] = [];
    for (const row of block.rows) {
      if (!edit.has(row.id)) {
        kept.push(row);
        continue;
      }
      const after = edit.get(row.id);
      writes.push(after ? { before: row, after } : { before: row });
      if (after) kept.push(after);
    }
    if (kept.length > 0) rewritten.push(layout.blockOf(kept, block.block));
    else emptied.push(block.block);
  });
  await storeRows(tx, table, rewritten as never[], emptied as never[]);
  for (const part of chunks(fresh, BLOCK_ROWS)) await tx.objectStore(table).add(layout.blockOf(part) as never);
  writes.push(...fresh.map((after) => ({ after })));
  return writes;
}
