import { sql, type Transaction } from 'kysely';
import type { OpPayload } from '../../shared/protocol.ts';
import type { Tables } from '../database/tables.ts';
import { logSecurityEvent } from '../security-log.ts';
import type { OpAuthor, OpOutcome } from './apply-op.ts';
import { snapshot } from './change-log.ts';

/**
 * Setting aside the answers of one phone or one poster (issue 15): the answers stay, marked
 * `setAside`, and are left out of figures and exports unless asked. The decision is an edit (last
 * writer wins by clock, one record per phone or poster); an answer is set aside while its phone
 * or its poster is.
 */

/*
 * The phones and posters set aside in an event, read once per push transaction (a batch of a
 * thousand answers asks a thousand times); forgotten when the transaction changes them.
 */
const asideInTransaction = new WeakMap<object, Promise<Set<string>>>();

function asideKeys(trx: Transaction<Tables>, eventId: string): Promise<Set<string>> {
  let known = asideInTransaction.get(trx);
  if (!known) {
    known = sql<{ id: string }>`select id from set_asides where event_id = ${eventId} and set_aside = 1`
      .execute(trx)
      .then((result) => new Set(result.rows.map((row) => row.id)));
    asideInTransaction.set(trx, known);
  }
  return known;
}

/** Whether a new answer from this author is to be set aside at once (its phone or poster already is). */
export async function answersSetAside(trx: Transaction<Tables>, author: OpAuthor): Promise<boolean> {
  const keys = await asideKeys(trx, author.eventId);
  return keys.has(`device:${author.id}`) || (author.poster ? keys.has(`poster:${author.poster.posterId}`) : false);
}

/** Applies a `feedback.aside` op (organizers only, checked before). */
export async function applySetAside(
  trx: Transaction<Tables>,
  author: OpAuthor,
  p: OpPayload<'feedback.aside'>,
  hlc: string,
  now: string,
): Promise<OpOutcome> {
  const target =
    p.kind === 'device'
      ? await trx.selectFrom('devices').select('id').where('id', '=', p.id).where('eventId', '=', author.eventId).executeTakeFirst()
      : await trx.selectFrom('posters').select('id').where('id', '=', p.id).where('eventId', '=', author.eventId).executeTakeFirst();
  if (!target) return { status: 'rejected', code: 'unknown-record', message: `No ${p.kind === 'device' ? 'phone' : 'poster'} "${p.id}" in this event.` };
  const key = `${p.kind}:${p.id}`;
  asideInTransaction.delete(trx);
  const row = await trx.selectFrom('setAsides').select('clock').where('id', '=', key).executeTakeFirst();
  if (row && row.clock >= hlc) return { status: 'applied' }; // an older decision: the later one stands
  const values = { setAside: p.setAside ? 1 : 0, clock: hlc, changedAt: now };
  if (row) await trx.updateTable('setAsides').set(values).where('id', '=', key).execute();
  else await trx.insertInto('setAsides').values({ id: key, eventId: author.eventId, kind: p.kind, targetId: p.id, ...values }).execute();

  const column = p.kind === 'device' ? 'deviceId' : 'posterId';
  const answers = await trx.selectFrom('feedback').select(['id', 'deviceId', 'posterId', 'setAside']).where(column, '=', p.id).where('eventId', '=', author.eventId).execute();
  // Read fresh, and forgotten again below: this savepoint may still roll back.
  const aside = await asideKeys(trx, author.eventId);
  asideInTransaction.delete(trx);
  let changed = 0;
  for (const answer of answers) {
    const marked = aside.has(`device:${answer.deviceId}`) || (answer.posterId ? aside.has(`poster:${answer.posterId}`) : false);
    if (Boolean(answer.setAside) === marked) continue;
    await trx.updateTable('feedback').set({ setAside: marked ? 1 : 0 }).where('id', '=', answer.id).execute();
    await snapshot(trx, 'feedback', answer.id, now);
    changed += 1;
  }
  await logSecurityEvent(
    trx,
    { kind: p.setAside ? 'set-aside' : 'taken-back', eventId: author.eventId, deviceId: author.id, detail: { target: p.kind, id: p.id, answers: answers.length, changed } },
    new Date(now),
  );
  return { status: 'applied' };
}
