import type { Kysely, Transaction } from 'kysely';
import { signBadge, walkInBadge } from '../../shared/badge.ts';
import type { Tables } from '../database/tables.ts';

type Db = Kysely<Tables> | Transaction<Tables>;

/** Ids that fit in a badge (see src/shared/badge.ts). */
const BADGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether a participant id can be written into a badge code. */
export function fitsInBadge(id: string): boolean {
  return BADGE_ID.test(id);
}

/* The event's private key, read once per transaction (an import signs hundreds of codes). */
const keys = new WeakMap<object, Map<string, string>>();

async function privateKey(db: Db, eventId: string): Promise<string> {
  let known = keys.get(db);
  if (!known) keys.set(db, (known = new Map()));
  const hit = known.get(eventId);
  if (hit) return hit;
  const row = await db.selectFrom('eventSecrets').select('badgePrivateKey').where('eventId', '=', eventId).executeTakeFirst();
  if (!row) throw new Error(`The event ${eventId} has no badge key: restore event_secrets from a backup.`);
  known.set(eventId, row.badgePrivateKey);
  return row.badgePrivateKey;
}

/**
 * The badge code the server gives a participant it is creating. Devices never choose a signed
 * code: the only code a device may bring is the walk-in code of that very participant
 * (`W1.<event>.<id>`, derived from the id, so it names no one else); anything else it sends is
 * replaced by a code signed here with the event's private key.
 */
export async function badgeCodeForNew(db: Db, eventId: string, participantId: string, proposed: string | undefined): Promise<string> {
  if (proposed !== undefined && proposed === walkInBadge(eventId, participantId)) return proposed;
  return signBadge(await privateKey(db, eventId), eventId, participantId);
}
