import type { FigureParticipant } from '../shared/figures.ts';
import type { Profile } from '../shared/domain.ts';
import { bucketOf, joinList, splitList } from './attendance.ts';
import { storeRows, type ReadTx, type WriteTx } from './database.ts';
import { putParticipants } from './participant-store.ts';
import type { ParticipantKindsRow, ParticipantRow, TableName } from './schema.ts';

/**
 * What the figures need of each participant (profile, origin, erased: its "kind"), in the
 * `participantKinds` table's rows by event and by the participant id's bucket (attendance.ts's
 * `bucketOf`), kept up to date as participants are written, so that the dashboard reads 64 small
 * rows instead of 20,000 participants. IndexedDB's cost is per value: at 4× CPU slowdown on a busy
 * machine, 20,000 participant rows took about a second to read (mostly waiting for the browser's
 * IndexedDB backend), these rows a tenth of that (docs/benchmarks.md, "Festival size: the dashboard").
 *
 * Every write of a participant row goes through `storeParticipants` (or `noteParticipants` after
 * an `add`) in the same transaction, with PARTICIPANT_TABLES in its scope: the pull, the replay of
 * ops, local edits and erasures, the import, walk-ins; a revocation clears both tables. They commit
 * together or not at all.
 */

/** The tables a transaction that writes participants must include. */
export const PARTICIPANT_TABLES = ['participants', 'participantKinds'] as const satisfies readonly TableName[];

/** A participant's kind as stored: `origin profile`, then ` erased` for an erased one (a field a row lacks is left empty). */
export function kindOf(row: Pick<ParticipantRow, 'profile' | 'origin' | 'erased'>): string {
  // The type says every row has both; a row created by a partial local edit may not: it must read back as it was.
  const { origin, profile } = row as Partial<typeof row>;
  return `${origin ?? ''} ${profile ?? ''}${row.erased ? ' erased' : ''}`;
}

/** The figure participant of an id and a stored kind. */
function figureParticipant(id: string, kind: string): FigureParticipant {
  const [origin, profile, erased] = kind.split(' ');
  const participant = { id } as FigureParticipant;
  if (origin) participant.origin = origin as FigureParticipant['origin'];
  if (profile) participant.profile = profile as Profile;
  if (erased) participant.erased = true;
  return participant;
}

/** A row of `participantKinds` opened to be changed: per event, each participant's kind. */
interface OpenKindsRow {
  bucket: number;
  events: Map<string, Map<string, string>>;
}

/** A stored row of `participantKinds`, opened to be changed (in any layout: see readParticipantKinds). */
function openKinds(stored: ParticipantKindsRow): OpenKindsRow {
  const row = latestParticipantKindsRow(stored);
  const events = new Map<string, Map<string, string>>();
  for (const [eventId, { ids, kinds }] of Object.entries(row.lists)) {
    const kindList = splitList(kinds);
    events.set(eventId, new Map(splitList(ids).map((id, at) => [id, kindList[at]!])));
  }
  return { bucket: row.bucket, events };
}

/** An open row of `participantKinds` as it is stored. */
function storedKinds(row: OpenKindsRow): ParticipantKindsRow {
  const lists: ParticipantKindsRow['lists'] = {};
  for (const [eventId, people] of row.events) lists[eventId] = { ids: joinList([...people.keys()]), kinds: joinList([...people.values()]) };
  return { bucket: row.bucket, lists };
}

/** Sets (or, without `after`, removes) one participant's kind in its bucket's row. */
function setKind(row: OpenKindsRow, id: string, after: ParticipantRow | undefined): void {
  for (const [eventId, people] of row.events) {
    if (eventId === after?.eventId) continue;
    people.delete(id);
    if (people.size === 0) row.events.delete(eventId);
  }
  if (!after) return;
  let people = row.events.get(after.eventId);
  if (!people) row.events.set(after.eventId, (people = new Map()));
  people.set(id, kindOf(after));
}

/** A row of `participantKinds` as versions 70 to 110 stored it: per event, an object with a key per participant. */
interface KindsRowOf70 {
  bucket: number;
  events: Record<string, Record<string, string>>;
}

/** A row of `participantKinds` as any version stored it, in the layout of the latest (a row already in it is returned as it is). */
export function latestParticipantKindsRow(row: ParticipantKindsRow | KindsRowOf70): ParticipantKindsRow {
  if (!('events' in row)) return row;
  const open: OpenKindsRow = { bucket: row.bucket, events: new Map() };
  for (const [eventId, people] of Object.entries(row.events)) if (Object.keys(people).length > 0) open.events.set(eventId, new Map(Object.entries(people)));
  return storedKinds(open);
}

/**
 * Notes these participant rows as written (`after`, or deleted when absent) in `participantKinds`,
 * inside the read-write transaction that wrote them (it must include PARTICIPANT_TABLES).
 */
export async function noteParticipants(tx: WriteTx, writes: readonly { id: string; after?: ParticipantRow | undefined }[]): Promise<void> {
  if (writes.length === 0) return;
  const byBucket = new Map<number, { id: string; after?: ParticipantRow | undefined }[]>();
  for (const write of writes) {
    const bucket = bucketOf(write.id);
    const list = byBucket.get(bucket);
    if (list) list.push(write);
    else byBucket.set(bucket, [write]);
  }
  const table = tx.objectStore('participantKinds');
  const rows = await Promise.all(
    [...byBucket.keys()].map(async (bucket): Promise<OpenKindsRow> => {
      const row = await table.get(bucket);
      return row ? openKinds(row) : { bucket, events: new Map() };
    }),
  );
  for (const row of rows) for (const { id, after } of byBucket.get(row.bucket)!) setKind(row, id, after);
  await storeRows(tx, 'participantKinds', rows.map(storedKinds));
}

/** Stores participant rows and deletes the rows of `deleted`, and notes them (noteParticipants), in a transaction over PARTICIPANT_TABLES. */
export async function storeParticipants(tx: WriteTx, rows: readonly ParticipantRow[], deleted: readonly string[] = []): Promise<void> {
  const writes = await putParticipants(tx, rows, deleted);
  await noteParticipants(tx, writes.map(({ before, after }) => ({ id: (after ?? before)!.id, after })));
}

/** `participantKinds`' rows for these participant rows, as the upgrade that creates the table fills it. */
export function participantKindsRowsOf(participants: readonly ParticipantRow[]): ParticipantKindsRow[] {
  const rows = new Map<number, OpenKindsRow>();
  for (const participant of participants) {
    const bucket = bucketOf(participant.id);
    let row = rows.get(bucket);
    if (!row) rows.set(bucket, (row = { bucket, events: new Map() }));
    setKind(row, participant.id, participant);
  }
  return [...rows.values()].map(storedKinds);
}

/** The participants of an event as the figures see them (id, profile, origin, erased), inside a transaction with `participantKinds`. */
export async function readParticipantKinds(tx: ReadTx, eventId: string): Promise<FigureParticipant[]> {
  const participants: FigureParticipant[] = [];
  // About ten kinds for 20,000 people: each decoded once.
  const decoded = new Map<string, Omit<FigureParticipant, 'id'>>();
  for (const stored of await tx.objectStore('participantKinds').getAll()) {
    // A row in an older layout is read too: a tab of the build before version 120, left open, goes on writing them.
    const list = latestParticipantKindsRow(stored).lists[eventId];
    if (!list) continue;
    const kinds = splitList(list.kinds);
    splitList(list.ids).forEach((id, at) => {
      const kind = kinds[at]!;
      let known = decoded.get(kind);
      if (!known) decoded.set(kind, (known = figureParticipant('', kind)));
      participants.push({ ...known, id });
    });
  }
  return participants;
}

