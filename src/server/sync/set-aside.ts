import { sql, type Transaction } from 'kysely';
import type { OpPayload } from '../../shared/protocol.ts';
import type { Tables } from '../database/tables.ts';
import { logSecurityEvent } from '../security-log.ts';
import type { OpAuthor, OpOutcome } from './apply-op.ts';
import { snapshot } from './changes.ts';

/**
 * Setting aside the answers of one phone or one poster (issue 15): the answers stay, marked
 * `setAside`, and are left out of figures and exports unless asked. The decision is an edit (last
 * writer wins by clock, one record per phone or poster); an answer is set aside while its phone
 * or its poster is.
 */

/** Whether a new answer from this author is to be set aside at once (its phone or poster already is). */
export async function answersSetAside(trx: Transaction<Tables>, author: OpAuthor): Promise<boolean> {
  const posterId = author.poster?.posterId ?? '';
  const found = await sql<{ one: number }>`select 1 as one from set_asides
    where event_id = ${author.eventId} and set_aside = 1
      and ((kind = 'device' and target_id = ${author.id}) or (kind = 'poster' and target_id = ${posterId}))
    limit 1`.execute(trx);
  return found.rows.length > 0;
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
  const row = await trx.selectFrom('setAsides').select('clock').where('id', '=', key).executeTakeFirst();
  if (row && row.clock >= hlc) return { status: 'applied' }; // an older decision: the later one stands
  const values = { setAside: p.setAside ? 1 : 0, clock: hlc, changedAt: now };
  if (row) await trx.updateTable('setAsides').set(values).where('id', '=', key).execute();
  else await trx.insertInto('setAsides').values({ id: key, eventId: author.eventId, kind: p.kind, targetId: p.id, ...values }).execute();

  const column = p.kind === 'device' ? 'deviceId' : 'posterId';
  const answers = await trx.selectFrom('feedback').select(['id', 'deviceId', 'posterId', 'setAside']).where(column, '=', p.id).where('eventId', '=', author.eventId).execute();
  const asideKeys = new Set(
    (await trx.selectFrom('setAsides').select('id').where('eventId', '=', author.eventId).where('setAside', '=', 1).execute()).map((r) => r.id),
  );
  let changed = 0;
  for (const answer of answers) {
    const aside = asideKeys.has(`device:${answer.deviceId}`) || (answer.posterId ? asideKeys.has(`poster:${answer.posterId}`) : false);
    if (Boolean(answer.setAside) === aside) continue;
    await trx.updateTable('feedback').set({ setAside: aside ? 1 : 0 }).where('id', '=', answer.id).execute();
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
