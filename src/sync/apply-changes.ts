import Dexie, { type Table } from 'dexie';
import { receiveServerTime } from '../db/clock.ts';
import type { DeviceIdentity } from '../db/device.ts';
import { opTarget, replayOp } from '../db/local-apply.ts';
import { META, readMeta, writeMeta } from '../db/meta.ts';
import { withDatabase } from '../db/reliable.ts';
import type { EtapeDatabase } from '../db/schema.ts';
import type { Change, PullResponse } from '../shared/protocol.ts';

type AnyTable = Table<Record<string, unknown>, string>;

function tableOf(db: EtapeDatabase, entity: string): AnyTable | undefined {
  const tables: Record<string, unknown> = {
    event: db.events,
    stage: db.stages,
    talk: db.talks,
    participant: db.participants,
    checkin: db.checkins,
    feedback: db.feedback,
    form: db.forms,
  };
  return tables[entity] as AnyTable | undefined;
}

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
 * Applies one pull page and stores its cursor in ONE transaction: a failure anywhere leaves the
 * cursor and every table as they were, and the same page is simply fetched again.
 * Each change is the record's whole current state (so the latest one per record wins, and a
 * check-in or feedback sent twice is the same row), or a tombstone (the record is deleted here).
 * Then, still inside the transaction, this device's pending ops on the records just written are
 * replayed, so a local edit the server has not seen yet is not hidden by older server state.
 * That replay assumes the server has not applied those ops yet: call this only after a push
 * whose every request was answered (engine.ts), never after a push whose answer was lost.
 * Changes of an entity this build does not know are skipped (a newer server), not fatal.
 */
export async function applyChanges(
  db: EtapeDatabase,
  page: Pick<PullResponse, 'changes' | 'nextCursor'> & { serverTime?: string },
  now = Date.now,
): Promise<void> {
  const latest = new Map<string, Change>();
  for (const change of page.changes) {
    if (tableOf(db, change.entity) && (change.deleted || change.data)) latest.set(`${change.entity}:${change.id}`, change);
  }
  const tables = [db.events, db.stages, db.talks, db.participants, db.checkins, db.feedback, db.forms, db.meta, db.outbox];
  await withDatabase(db, () =>
    db.transaction('rw', tables, async () => {
      const byEntity = new Map<string, { puts: Record<string, unknown>[]; deletes: string[] }>();
      for (const change of latest.values()) {
        const group = byEntity.get(change.entity) ?? { puts: [], deletes: [] };
        if (change.deleted) group.deletes.push(change.id);
        else group.puts.push(stored(change));
        byEntity.set(change.entity, group);
      }
      for (const [entity, { puts, deletes }] of byEntity) {
        const table = tableOf(db, entity)!;
        await table.bulkDelete(deletes);
        await table.bulkPut(puts);
      }

      const device = (await readMeta(db, META.device)) as DeviceIdentity | undefined;
      if (device && latest.size > 0) await replayPending(db, device.deviceId, latest);
      if (device && page.serverTime) await receiveServerTime(db, device.deviceId, page.serverTime, now());
      const cursor = await readMeta(db, META.cursor);
      await writeMeta(db, META.cursor, Math.max(typeof cursor === 'number' ? cursor : 0, page.nextCursor));
    }),
  );
}

/** Replays this device's own pending ops, in seq order, on the records the page touched. */
async function replayPending(db: EtapeDatabase, deviceId: string, touched: Map<string, Change>): Promise<void> {
  const pending = await db.outbox.where('[deviceId+seq]').between([deviceId, Dexie.minKey], [deviceId, Dexie.maxKey]).toArray();
  for (const op of pending) {
    const target = opTarget(op);
    if (target && touched.has(`${target.entity}:${target.id}`)) await replayOp(db, op);
  }
}
