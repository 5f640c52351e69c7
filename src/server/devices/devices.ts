import type { Kysely } from 'kysely';
import type { Tables } from '../database/tables.ts';

/** A device as organizers see it (never its token hash). */
export interface DeviceSummary {
  id: string;
  name: string;
  role: string;
  stageId: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  pendingOps: number | null;
  lastAppliedSeq: number;
  /** The poster a participant's phone came through (its phones are shown grouped by poster). */
  posterId: string | null;
  /** Feedback answers the server holds from this device. */
  answers: number;
}

/** Every device of an event (all events if none given), most recently seen first. */
export async function listDevices(db: Kysely<Tables>, eventId?: string): Promise<DeviceSummary[]> {
  let query = db
    .selectFrom('devices')
    .select(['id', 'name', 'role', 'stageId', 'enrolledAt', 'lastSeenAt', 'revokedAt', 'pendingOps', 'lastAppliedSeq', 'posterId'])
    .select((eb) => eb.selectFrom('feedback').select((inner) => inner.fn.countAll().as('count')).whereRef('feedback.deviceId', '=', 'devices.id').as('answers'));
  if (eventId) query = query.where('eventId', '=', eventId);
  const rows = await query.orderBy('lastSeenAt', 'desc').orderBy('name').execute();
  return rows.map((row) => ({ ...row, posterId: row.posterId ?? null, answers: Number(row.answers ?? 0), lastAppliedSeq: Number(row.lastAppliedSeq) }));
}

/** Revokes a device (of `eventId` if given): its token stops working at its next request. False if no such device. */
export async function revokeDevice(db: Kysely<Tables>, deviceId: string, now = new Date(), eventId?: string): Promise<boolean> {
  let find = db.selectFrom('devices').select(['id', 'revokedAt']).where('id', '=', deviceId);
  if (eventId) find = find.where('eventId', '=', eventId);
  const device = await find.executeTakeFirst();
  if (!device) return false;
  if (!device.revokedAt) await db.updateTable('devices').set({ revokedAt: now.toISOString() }).where('id', '=', deviceId).execute();
  return true;
}
