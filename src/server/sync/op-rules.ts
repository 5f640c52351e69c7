import { sql, type Transaction } from 'kysely';
import { walkInBadge } from '../../shared/badge.ts';
import type { OpPayload, OpType, RejectionCode } from '../../shared/protocol.ts';
import type { Tables } from '../database/tables.ts';
import type { OpAuthor, OpOutcome } from './apply-op.ts';
import { ROWS_PER_STATEMENT } from './change-log.ts';
import { checkinEvent } from './checkin-batch.ts';

/**
 * Rules of who may write what, checked around each op's handler (issue 15):
 * - an animator enrolled for a stage checks in at that stage only (`wrong-stage`), as a kiosk;
 * - an animator creates walk-ins and corrects those its own device created, nothing else;
 * - a new walk-in always gets its `W1` code (never a signed `E1` one, whatever it was sent with);
 * - a check-in or an answer whose id is already one of another event is refused (`foreign-event`)
 *   instead of being acknowledged while nothing happens.
 */

type Apply<T extends OpType> = (payload: OpPayload<T>) => Promise<OpOutcome>;

const refuse = (code: RejectionCode, message: string): OpOutcome => ({ status: 'rejected', code, message });

/*
 * The event of each answer id a batch names, read at once before its first op (prepareAnswers).
 * An answer written later in the same batch belongs to the pusher's event, as every op's author
 * does, so reading it as absent gives the same outcome.
 */
const answerEvents = new WeakMap<object, Map<string, string | undefined>>();

/** Reads, in one statement, which of these answer ids the server holds and in which event. */
export async function prepareAnswers(trx: Transaction<Tables>, ids: readonly string[]): Promise<void> {
  const events = new Map<string, string | undefined>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += ROWS_PER_STATEMENT) {
    const chunk = unique.slice(start, start + ROWS_PER_STATEMENT);
    for (const id of chunk) events.set(id, undefined);
    for (const row of await trx.selectFrom('feedback').select(['id', 'eventId']).where('id', 'in', chunk).execute()) events.set(row.id, row.eventId);
  }
  answerEvents.set(trx, events);
}

async function eventOfRow(trx: Transaction<Tables>, table: 'checkins' | 'feedback', id: string): Promise<string | undefined> {
  // Read for the whole batch at once (checkin-batch.ts, prepareAnswers), not once per op.
  if (table === 'checkins') return checkinEvent(trx, id);
  const prepared = answerEvents.get(trx);
  if (prepared?.has(id)) return prepared.get(id);
  // Raw SQL (one primary-key lookup); result keys come back camelCased.
  const found = await sql<{ eventId: string }>`select event_id from ${sql.table(table)} where id = ${id}`.execute(trx);
  return found.rows[0]?.eventId;
}

/** Applies `payload` through `apply` if the rules allow it; records what later rules need (who created a participant). */
export async function withOpRules<T extends OpType>(
  trx: Transaction<Tables>,
  author: OpAuthor,
  type: T,
  payload: OpPayload<T>,
  apply: Apply<T>,
): Promise<OpOutcome> {
  switch (type) {
    case 'checkin.record': {
      const p = payload as OpPayload<'checkin.record'>;
      if (author.role === 'animator' && author.stageId && p.stageId !== author.stageId) {
        return refuse('wrong-stage', 'This phone was enrolled for another stage: it checks people in at that stage only.');
      }
      const event = await eventOfRow(trx, 'checkins', p.id);
      if (event !== undefined && event !== author.eventId) return refuse('foreign-event', 'This check-in belongs to another event.');
      return apply(payload);
    }
    case 'feedback.record': {
      const event = await eventOfRow(trx, 'feedback', (payload as OpPayload<'feedback.record'>).id);
      if (event !== undefined && event !== author.eventId) return refuse('foreign-event', 'This answer belongs to another event.');
      return apply(payload);
    }
    case 'checkin.void': {
      const event = await eventOfRow(trx, 'checkins', (payload as OpPayload<'checkin.void'>).id);
      if (event !== undefined && event !== author.eventId) return refuse('foreign-event', 'This check-in belongs to another event.');
      return apply(payload);
    }
    case 'participant.set':
      return participantRules(trx, author, payload as OpPayload<'participant.set'>, apply as Apply<'participant.set'>);
    default:
      return apply(payload);
  }
}

async function participantRules(
  trx: Transaction<Tables>,
  author: OpAuthor,
  p: OpPayload<'participant.set'>,
  apply: Apply<'participant.set'>,
): Promise<OpOutcome> {
  const row = await trx.selectFrom('participants').select(['eventId', 'origin', 'createdBy']).where('id', '=', p.id).executeTakeFirst();
  if (row && row.eventId !== author.eventId) return refuse('foreign-event', 'This participant belongs to another event.');
  if (author.role === 'animator' && row && (row.origin !== 'walk-in' || row.createdBy !== author.id)) {
    return refuse('forbidden', 'An animator may only correct the walk-ins registered on its own device.');
  }
  let payload = p;
  if (!row && (p.fields.origin ?? (author.role === 'animator' ? 'walk-in' : undefined)) === 'walk-in') {
    // A walk-in's badge is the code its device made from its id: never a signed one.
    payload = { ...p, fields: { ...p.fields, badgeCode: walkInBadge(author.eventId, p.id) } };
  }
  const outcome = await apply(payload);
  if (!row && outcome.status === 'applied') {
    await trx.updateTable('participants').set({ createdBy: author.id }).where('id', '=', p.id).execute();
  }
  return outcome;
}
