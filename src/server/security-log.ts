import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Tables } from './database/tables.ts';
import type { Logger } from './logger.ts';

/**
 * The security log: what an organizer (or an operator reading the logs) needs to see an attack or
 * a misuse. Each entry is a structured log line (`"security": kind`, level warn) and a row of the
 * `security_log` table, listed for the organizers of its event (GET /api/security-log). Entries
 * carry ids, roles, addresses and counts, never a code, a token or a participant's data.
 */
export type SecurityKind =
  | 'enrolled'
  | 'refused-code'
  | 'rate-limited'
  | 'revoked'
  | 'poster-revoked'
  | 'poster-burst'
  | 'set-aside'
  | 'taken-back';

export interface SecurityEvent {
  kind: SecurityKind;
  eventId?: string | null;
  deviceId?: string | null;
  address?: string | null;
  detail?: Record<string, string | number | boolean | null>;
}

let lines: Logger | undefined;

/** Where the log lines go: the server's logger (set once when the app is made). */
export function useSecurityLogger(logger: Logger): void {
  lines = logger;
}

/** Writes one entry: a log line and a row (inside the caller's transaction when given one). */
export async function logSecurityEvent(db: Kysely<Tables> | Transaction<Tables>, event: SecurityEvent, now = new Date()): Promise<void> {
  const entry = { eventId: event.eventId ?? null, deviceId: event.deviceId ?? null, address: event.address ?? null };
  lines?.warn({ security: event.kind, ...entry, ...event.detail }, `security: ${event.kind}`);
  await db
    .insertInto('securityLog')
    .values({ id: randomUUID(), at: now.toISOString(), kind: event.kind, ...entry, detail: JSON.stringify(event.detail ?? {}) })
    .execute();
}

/** The latest entries for an event's organizers (those of no event, such as a refused code, included), newest first. */
export async function listSecurityLog(db: Kysely<Tables>, eventId: string, limit = 500) {
  const rows = await db
    .selectFrom('securityLog')
    .selectAll()
    .where((eb) => eb.or([eb('eventId', '=', eventId), eb('eventId', 'is', null)]))
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(({ detail, ...row }) => ({ ...row, detail: JSON.parse(detail) as Record<string, unknown> }));
}
