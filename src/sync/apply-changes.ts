import { isIdentity } from '../db/device.ts';
import { IdentityChangedError } from '../db/errors.ts';
import { storeCheckins } from '../db/attendance.ts';
import { PARTICIPANT_TABLES, storeParticipants } from '../db/participant-kinds.ts';
import { CHECKIN_TABLES } from '../db/checkins.ts';
import { getMeta, putMeta, storeRows, write, type DatabaseRef, type TableName, type WriteTx } from '../db/database.ts';
import type { CheckinRow, ParticipantRow } from '../db/schema.ts';
import { opTarget, recordAccess, replayAsideWith, replayOpWith } from '../db/local-apply.ts';
import { META } from '../db/meta.ts';
import { receiveClocks } from '../db/clock.ts';
import { noteLogMark } from '../db/sync-state.ts';
import type { Change, PullResponse } from '../shared/protocol.ts';
import { ownPendingRange, requeueLostIn } from '../db/outbox.ts';

/** The table of each entity a pull may bring. */
const TABLES: Record<string, TableName> = {
  event: 'events',
  stage: 'stages',
  talk: 'talks',
  participant: 'participants',
  checkin: 'checkins',
  feedback: 'feedback',
  form: 'forms',
};

const tableOf = (entity: string): TableName | undefined => (Object.hasOwn(TABLES, entity) ? TABLES[entity] : undefined);

/** A record as the device stores it: check-ins keep `voided` as 0/1 so that it can be indexed. */
function stored(change: Change): Record<string, unknown> {
  const row: Record<string, unknown> = { ...change.data, id: change.id };
  if (change.entity === 'form') return { ...row, eventId: change.id }; // the forms table is keyed by its event
  if (change.entity === 'checkin') {
    return { ...row, voided: row.voided ? 1 : 0, voidedAt: row.voidedAt ?? null, receivedAt: row.receivedAt ?? null };
  }
  return row;
}

/**
 * Applies one pull page and stores its cursor in ONE transaction: a failure anywhere leaves the cursor and every table as they were, and the same page is
 * simply fetched again.
 * Each change is the record's whole current state (so the latest one per record wins, and a
 * check-in or feedback sent twice is the same row), or a tombstone (the record is deleted here).
 * The clocks of the fields received move this device's clock past them (clock.ts).
 * Then, still inside the transaction, this device's pending ops on the records just written are
 * replayed, so a local edit the server has not seen yet is not hidden by older server state.
 * That replay assumes the server has not applied those ops yet: call this only after a push
 * whose every request was answered (engine.ts), never after a push whose answer was lost.
 * The page's `acked` (the last seq the server handled for this device) puts back into the outbox
 * the acknowledged ops above it (a server restored from a backup lost them); `mark` is kept with
 * the cursor, to be sent with the next pull.
 * Changes of an entity this build does not know are skipped (a newer server), not fatal.
 */
export async function applyChanges(
  ref: DatabaseRef,
  page: Pick<PullResponse, 'changes' | 'nextCursor'> & Partial<Pick<PullResponse, 'serverTime' | 'acked' | 'mark'>>,
  now = Date.now,
  /** The device id the page was pulled for: if the device was enrolled again since, nothing is applied (IdentityChangedError). */
  pulledFor?: string,
): Promise<{ requeued: number }> {
  const latest = new Map<string, Change>();
  for (const change of page.changes) {
    if (tableOf(change.entity) && (change.deleted || change.data)) latest.set(`${change.entity}:${change.id}`, change);
  }
  const tables: TableName[] = ['events', 'stages', 'talks', 'participants', 'participantKinds', ...CHECKIN_TABLES, 'feedback', 'forms', 'meta', 'outbox', 'sent'];
  // Announced: the tables of the records the page brings (the replay of own ops writes only those),
  // the meta (cursor, clock), and the outbox only when ops were queued again. Screens reading
  // the others (20,000 participants on /scan) do not read again for a page of check-ins.
  const written = new Set<TableName>(['meta']);
  for (const change of latest.values()) written.add(tableOf(change.entity)!);
  if (written.has('checkins')) for (const table of CHECKIN_TABLES) written.add(table);
  if (written.has('participants')) for (const table of PARTICIPANT_TABLES) written.add(table);
  const announced = ({ requeued }: { requeued: number }): TableName[] => [...written, ...(requeued > 0 ? (['outbox', 'sent'] as const) : [])];
  return write(ref, tables, async (tx) => {
    const device = await getMeta(tx, META.device);
    if (pulledFor !== undefined && (!isIdentity(device) || device.deviceId !== pulledFor)) throw new IdentityChangedError();
    // Own ops acknowledged once, above what the server now says it handled: it lost them (a restore).
    const handled = isIdentity(device) ? page.acked?.[device.deviceId] : undefined;
    const requeued = isIdentity(device) && handled !== undefined ? await requeueLostIn(tx, device.deviceId, handled) : 0;
    // Every request at once, then wait for the last: one round trip per page. Who is present where
    // (attendance.ts) and what the figures need of each participant (participant-kinds.ts) in the same transaction.
    const byTable = new Map<TableName, { rows: Record<string, unknown>[]; deleted: string[] }>();
    for (const change of latest.values()) {
      const table = tableOf(change.entity)!;
      let writes = byTable.get(table);
      if (!writes) byTable.set(table, (writes = { rows: [], deleted: [] }));
      if (change.deleted) writes.deleted.push(change.id);
      else writes.rows.push(stored(change));
    }
    await Promise.all(
      [...byTable].map(([table, { rows, deleted }]) =>
        table === 'checkins'
          ? storeCheckins(tx, rows as unknown as CheckinRow[], deleted)
          : table === 'participants'
            ? storeParticipants(tx, rows as unknown as ParticipantRow[], deleted)
            : storeRows(tx, table, rows as never[], deleted as never[]),
      ),
    );
    if (isIdentity(device) && latest.size > 0) await replayPending(tx, device.deviceId, latest, page.acked?.[device.deviceId] ?? 0);
    if (isIdentity(device)) {
      const clocks = page.changes.flatMap((change) => Object.values(change.clocks ?? {}));
      await receiveClocks(tx, device.deviceId, { clocks, serverTime: page.serverTime }, now());
    }
    const cursor = await getMeta(tx, META.cursor);
    if (page.nextCursor >= (typeof cursor === 'number' ? cursor : 0)) {
      await putMeta(tx, META.cursor, page.nextCursor);
      if (page.mark !== undefined) await putMeta(tx, META.cursorMark, page.mark);
    }
    // The furthest point of the log seen, kept when a re-enrolment puts the cursor back to 0.
    if (page.mark !== undefined) await noteLogMark(tx, { seq: page.nextCursor, mark: page.mark });
    return { requeued };
  }, announced);
}

/**
 * Replays this device's own pending ops, in seq order, on the records the page touched; not those
 * up to `handled`, the seq the server says it has handled already (their effect is in the page or
 * before it: another tab pushed them and has not recorded the answer yet).
 */
async function replayPending(tx: WriteTx, deviceId: string, touched: Map<string, Change>, handled: number): Promise<void> {
  const pending = (await tx.objectStore('outbox').getAll(ownPendingRange(deviceId))).filter((op) => op.seq > handled);
  const access = recordAccess(tx);
  for (const op of pending) {
    // Answers set aside here stay so over the page's answers of that phone or poster (they are not keyed by the op's id).
    if (op.type === 'feedback.aside') await replayAsideWith(access, op, touched.values());
    const target = opTarget(op);
    if (target && touched.has(`${target.entity}:${target.id}`)) await replayOpWith(access, op);
  }
}
