import type { FigureParticipant } from '../shared/figures.ts';
import type { Profile } from '../shared/domain.ts';
import { bucketOf } from './attendance.ts';
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

/** Sets (or, without `after`, removes) one participant's kind in its bucket's row. */
function setKind(row: ParticipantKindsRow, id: string, after: ParticipantRow | undefined): void {
  for (const [eventId, people] of Object.entries(row.events)) {
    if (eventId === after?.eventId) continue;
    delete people[id];
    if (Object.keys(people).length === 0) delete row.events[eventId];
  }
  if (after) (row.events[after.eventId] ??= {})[id] = kindOf(after);
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
  const rows = await Promise.all([...byBucket.keys()].map(async (bucket): Promise<ParticipantKindsRow> => (await table.get(bucket)) ?? { bucket, events: {} }));
  for (const row of rows) for (const { id, after } of byBucket.get(row.bucket)!) setKind(row, id, after);
  await storeRows(tx, 'participantKinds', rows);
}

/** Stores participant rows and deletes the rows of `deleted`, and notes them (noteParticipants), in a transaction over PARTICIPANT_TABLES. */
export async function storeParticipants(tx: WriteTx, rows: readonly ParticipantRow[], deleted: readonly string[] = []): Promise<void> {
  const writes = await putParticipants(tx, rows, deleted);
  await noteParticipants(tx, writes.map(({ before, after }) => ({ id: (after ?? before)!.id, after })));
}

/** `participantKinds`' rows for these participant rows, as the upgrade that creates the table fills it. */
export function participantKindsRowsOf(participants: readonly ParticipantRow[]): ParticipantKindsRow[] {
  const rows = new Map<number, ParticipantKindsRow>();
  for (const participant of participants) {
    const bucket = bucketOf(participant.id);
    let row = rows.get(bucket);
    if (!row) rows.set(bucket, (row = { bucket, events: {} }));
    setKind(row, participant.id, participant);
  }
  return [...rows.values()];
}

/** The participants of an event as the figures see them (id, profile, origin, erased), inside a transaction with `participantKinds`. */
export async function readParticipantKinds(tx: ReadTx, eventId: string): Promise<FigureParticipant[]> {
  const participants: FigureParticipant[] = [];
  // About ten kinds for 20,000 people: each decoded once.
  const decoded = new Map<string, Omit<FigureParticipant, 'id'>>();
  for (const row of await tx.objectStore('participantKinds').getAll()) {
    const people: Record<string, string> = row.events[eventId] ?? {};
    for (const [id, kind] of Object.entries(people)) {
      let known = decoded.get(kind);
      if (!known) decoded.set(kind, (known = figureParticipant('', kind)));
      participants.push({ ...known, id });
    }
  }
  return participants;
}

