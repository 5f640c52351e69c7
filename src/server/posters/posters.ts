import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { eventPath } from '../../shared/programme.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Tables } from '../database/tables.ts';
import type { Enrolled } from '../devices/enrolment.ts';

/**
 * Stage posters. A poster's QR opens `/feedback/STAGE#poster=TOKEN`. The token is not a device
 * token: each phone that opens the link trades it for its own device (role kiosk, bound to the
 * poster's stage, `posterId` set), so every phone keeps its own op sequence and outbox. The
 * server keeps only the token's hash; revoking the poster revokes every phone enrolled through it.
 */

/** A refusal of a poster link, worded for the participant holding the phone. */
export class PosterError extends Error {
  override name = 'PosterError';
  constructor(
    readonly code: 'unknown-poster' | 'revoked-poster' | 'wrong-stage' | 'unknown-stage' | 'busy-poster',
    message: string,
    /** For `busy-poster`: seconds before a new phone may come through this poster. */
    readonly retryAfter = 0,
    /** For `busy-poster`: the poster, and whether this is the first phone turned away in this minute (a burst to log). */
    readonly poster?: { id: string; eventId: string; firstRefusal: boolean },
  ) {
    super(message);
  }
}

/**
 * New phones one poster admits per minute: a queue of people scanning after a talk gets through
 * in a few minutes; a photographed poster opened by a script gets 10 phones a minute, not 60.
 */
export const POSTER_PHONES_PER_MINUTE = 10;

export interface PosterSummary {
  id: string;
  stageId: string;
  createdAt: string;
  revokedAt: string | null;
  phones: number;
}

/** Makes a poster token for a stage of the event; the token is shown once (in the QR), only its hash is kept. */
export async function createPoster(db: Kysely<Tables>, eventId: string, stageId: string, now = new Date()) {
  const stage = await db
    .selectFrom('stages')
    .innerJoin('events', 'events.id', 'stages.eventId')
    .select(['stages.id', 'events.slug'])
    .where('stages.id', '=', stageId)
    .where('stages.eventId', '=', eventId)
    .executeTakeFirst();
  if (!stage) throw new PosterError('unknown-stage', `No stage "${stageId}" in this event.`);
  const token = newSecret(18);
  const id = randomUUID();
  await db
    .insertInto('posters')
    .values({ id, eventId, stageId, tokenHash: hashSecret(token), createdAt: now.toISOString(), revokedAt: null })
    .execute();
  // The event's own address (/e/SLUG/feedback/STAGE), the demo week's first one (/feedback/STAGE).
  return { id, stageId, token, path: `${eventPath(stage.slug, `/feedback/${encodeURIComponent(stageId)}`)}#poster=${token}` };
}

/** The posters of an event, with how many phones came through each. */
export async function listPosters(db: Kysely<Tables>, eventId: string): Promise<PosterSummary[]> {
  const rows = await db
    .selectFrom('posters')
    .leftJoin('devices', 'devices.posterId', 'posters.id')
    .select(['posters.id', 'posters.stageId', 'posters.createdAt', 'posters.revokedAt'])
    .select((eb) => eb.fn.count('devices.id').as('phones'))
    .where('posters.eventId', '=', eventId)
    .groupBy(['posters.id', 'posters.stageId', 'posters.createdAt', 'posters.revokedAt'])
    .orderBy('posters.createdAt')
    .execute();
  return rows.map((row) => ({ ...row, phones: Number(row.phones) }));
}

/** Revokes a poster and every phone enrolled through it (their answers not yet sent are refused). */
export async function revokePoster(db: Kysely<Tables>, eventId: string, posterId: string, now = new Date()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const poster = await trx.selectFrom('posters').select('id').where('id', '=', posterId).where('eventId', '=', eventId).executeTakeFirst();
    if (!poster) return false;
    const at = now.toISOString();
    await trx.updateTable('posters').set({ revokedAt: at }).where('id', '=', posterId).where('revokedAt', 'is', null).execute();
    await trx.updateTable('devices').set({ revokedAt: at }).where('posterId', '=', posterId).where('revokedAt', 'is', null).execute();
    return true;
  });
}

/** Trades a poster token (for `stageId`) for this phone's own device, bound to that stage. */
export async function redeemPoster(db: Kysely<Tables>, token: string, stageId: string, now = new Date()): Promise<Enrolled> {
  const poster = await db.selectFrom('posters').selectAll().where('tokenHash', '=', hashSecret(token)).executeTakeFirst();
  if (!poster) throw new PosterError('unknown-poster', 'This poster link is not known: ask the organizers for a new poster.');
  if (poster.revokedAt) throw new PosterError('revoked-poster', 'This poster was withdrawn by the organizers.');
  if (poster.stageId !== stageId) throw new PosterError('wrong-stage', 'This poster link belongs to another stage.');
  const since = new Date(now.getTime() - 60_000).toISOString();
  const recent = await db
    .selectFrom('devices')
    .select(['enrolledAt'])
    .where('posterId', '=', poster.id)
    .where('enrolledAt', '>', since)
    .orderBy('enrolledAt')
    .execute();
  if (recent.length >= POSTER_PHONES_PER_MINUTE) {
    const wait = Math.max(1, Math.ceil((Date.parse(recent[0]!.enrolledAt) + 60_000 - now.getTime()) / 1000));
    const firstRefusal = !(await db.selectFrom('securityLog').select('id').where('kind', '=', 'poster-burst').where('at', '>', since).where('detail', 'like', `%${poster.id}%`).executeTakeFirst());
    throw new PosterError('busy-poster', `Many phones just came through this poster: try again in ${wait} s.`, wait, { id: poster.id, eventId: poster.eventId, firstRefusal });
  }
  const deviceId = randomUUID();
  const deviceToken = newSecret();
  const at = now.toISOString();
  await db
    .insertInto('devices')
    .values({
      id: deviceId,
      eventId: poster.eventId,
      name: `Poster phone ${deviceId.slice(0, 8)}`,
      role: 'kiosk',
      stageId: poster.stageId,
      posterId: poster.id,
      tokenHash: hashSecret(deviceToken),
      enrolledAt: at,
      revokedAt: null,
      lastSeenAt: at,
      pendingOps: 0,
    })
    .execute();
  const event = await db.selectFrom('events').select(['id', 'slug', 'name']).where('id', '=', poster.eventId).executeTakeFirstOrThrow();
  return { token: deviceToken, deviceId, role: 'kiosk', stageId: poster.stageId, event };
}
