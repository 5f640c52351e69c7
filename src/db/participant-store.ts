import { addRow, allRows, blocksOf, putRows, rowById, type BlockLayout, type StoredRow } from './blocks.ts';
import type { ReadTx, WriteTx } from './database.ts';
import type { ParticipantBlock, ParticipantRow } from './schema.ts';

/**
 * How participants are stored: in blocks (blocks.ts), one IndexedDB record each (the `participants`
 * table), found through the blocks' indexes (the ids they hold, the events of their rows). Only this
 * module knows it: the rest of the app reads and writes participant ROWS through the functions
 * below, and every write goes through participant-kinds.ts (`storeParticipants`, or
 * `noteParticipants` after `addParticipant`), which counts it for the figures.
 */

const PARTICIPANT_BLOCKS: BlockLayout<'participants'> = {
  table: 'participants',
  blockOf: (rows, block) =>
    ({
      ...(block === undefined ? {} : { block }),
      rows: [...rows],
      ids: rows.map((row) => row.id),
      events: [...new Set(rows.map((row) => row.eventId))],
    }) as ParticipantBlock,
};

/** The participant with this id, if the device holds them. */
export function getParticipant(tx: ReadTx, id: string): Promise<ParticipantRow | undefined> {
  return rowById(tx, 'participants', id);
}

/** The participants of an event, in no particular order. */
export async function participantsOf(tx: ReadTx, eventId: string): Promise<ParticipantRow[]> {
  const blocks: ParticipantBlock[] = await tx.objectStore('participants').index('eventId').getAll(eventId);
  return blocks.flatMap((block) => block.rows.filter((row) => row.eventId === eventId));
}

/** Every participant the device holds (tests, upgrades). */
export function allParticipants(tx: ReadTx): Promise<ParticipantRow[]> {
  return allRows(tx, 'participants');
}

/** Adds one new participant (a walk-in): a block of their own. Fails if the id is taken. */
export function addParticipant(tx: WriteTx, row: ParticipantRow): Promise<void> {
  return addRow(tx, PARTICIPANT_BLOCKS, row);
}

/**
 * Stores participant rows (whole states) and deletes the rows of `deleted`; resolves to each write
 * with what the row was before (blocks.ts `putRows`: a pull's new rows are added without reading
 * anything first). Call it through participant-kinds.ts `storeParticipants`.
 */
export function putParticipants(tx: WriteTx, rows: readonly ParticipantRow[], deleted: readonly string[] = []): Promise<StoredRow<ParticipantRow>[]> {
  return putRows(tx, PARTICIPANT_BLOCKS, rows, deleted);
}

/** The blocks holding these participant rows, as the upgrade that moves rows into blocks writes them. */
export function participantBlocksOf(rows: readonly ParticipantRow[]): ParticipantBlock[] {
  return blocksOf(PARTICIPANT_BLOCKS, rows);
}
