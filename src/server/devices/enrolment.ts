import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../shared/protocol.ts';
import type { Tables } from '../database/tables.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';

/** A refusal of enrolment, worded for the person holding the phone. */
export class EnrolmentError extends Error {
  override name = 'EnrolmentError';
  constructor(
    readonly code: 'unknown-code' | 'used-code' | 'expired-code' | 'unknown-event' | 'unknown-stage',
    message: string,
  ) {
    super(message);
  }
}

export interface NewCode {
  code: string;
  expiresAt: string;
  role: Role;
  eventSlug: string;
  stageId: string | null;
}

/** Makes a single-use enrolment code; only its hash is stored. */
export async function createEnrolmentCode(
  db: Kysely<Tables>,
  options: { eventSlug: string; role: Role; stageId?: string | null; expiresInMs: number; now?: Date },
): Promise<NewCode> {
  const now = options.now ?? new Date();
  const event = await db.selectFrom('events').select('id').where('slug', '=', options.eventSlug).executeTakeFirst();
  if (!event) throw new EnrolmentError('unknown-event', `No event "${options.eventSlug}".`);
  const stageId = options.stageId ?? null;
  if (stageId) {
    const stage = await db
      .selectFrom('stages')
      .select('id')
      .where('id', '=', stageId)
      .where('eventId', '=', event.id)
      .executeTakeFirst();
    if (!stage) throw new EnrolmentError('unknown-stage', `No stage "${stageId}" in this event.`);
  }
  const code = newSecret(18);
  const expiresAt = new Date(now.getTime() + options.expiresInMs).toISOString();
  await db
    .insertInto('enrolmentCodes')
    .values({
      codeHash: hashSecret(code),
      eventId: event.id,
      role: options.role,
      stageId,
      createdAt: now.toISOString(),
      expiresAt,
      usedAt: null,
      deviceId: null,
    })
    .execute();
  return { code, expiresAt, role: options.role, eventSlug: options.eventSlug, stageId };
}

export interface Enrolled {
  token: string;
  deviceId: string;
  role: Role;
  stageId: string | null;
  event: { id: string; slug: string; name: string };
}

/**
 * Trades a code for a device and its token. The code is marked used by a conditional update,
 * so two devices racing with the same code cannot both get in.
 */
export async function redeemEnrolmentCode(db: Kysely<Tables>, code: string, name: string, now = new Date()): Promise<Enrolled> {
  const codeHash = hashSecret(code);
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('enrolmentCodes').selectAll().where('codeHash', '=', codeHash).executeTakeFirst();
    if (!row) throw new EnrolmentError('unknown-code', 'This enrolment code is unknown. Ask an organizer for a new one.');
    if (row.usedAt) throw new EnrolmentError('used-code', 'This enrolment code was already used. Ask an organizer for a new one.');
    if (row.expiresAt <= now.toISOString()) {
      throw new EnrolmentError('expired-code', 'This enrolment code has expired. Ask an organizer for a new one.');
    }
    const deviceId = randomUUID();
    const claimed = await trx
      .updateTable('enrolmentCodes')
      .set({ usedAt: now.toISOString(), deviceId })
      .where('codeHash', '=', codeHash)
      .where('usedAt', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) {
      throw new EnrolmentError('used-code', 'This enrolment code was already used. Ask an organizer for a new one.');
    }
    const token = newSecret();
    await trx
      .insertInto('devices')
      .values({
        id: deviceId,
        eventId: row.eventId,
        name,
        role: row.role,
        stageId: row.stageId,
        tokenHash: hashSecret(token),
        enrolledAt: now.toISOString(),
        revokedAt: null,
        lastSeenAt: now.toISOString(),
        pendingOps: 0,
      })
      .execute();
    const event = await trx.selectFrom('events').select(['id', 'slug', 'name']).where('id', '=', row.eventId).executeTakeFirstOrThrow();
    return { token, deviceId, role: row.role as Role, stageId: row.stageId, event };
  });
}
