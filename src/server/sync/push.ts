import { sql, type Kysely, type Transaction } from 'kysely';
import * as v from 'valibot';
import { OpSchema, type Op, type PushResponse, type Rejection, type Role } from '../../shared/protocol.ts';
import type { Tables } from '../database/tables.ts';
import { applyOp, type OpAuthor, type OpOutcome } from './apply-op.ts';
import { appendChange, lockChangeLog, snapshot } from './changes.ts';
import { EDITED_ENTITY } from './editable.ts';

/** A push whose envelope is unusable (not an op at all): answered 400, nothing applied. */
export class PushRequestError extends Error {
  override name = 'PushRequestError';
}

interface AuthorState extends OpAuthor {
  lastSeq: number;
  known: boolean;
}

/** Validates the envelope of every op first: an op without a usable seq cannot be acknowledged. */
export function parseOps(raw: unknown[]): Op[] {
  return raw.map((item, index) => {
    const parsed = v.safeParse(OpSchema, item);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const where = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      throw new PushRequestError(`Op ${index} is not a valid op${where ? ` (${where})` : ''}: ${issue.message}`);
    }
    return parsed.output;
  });
}

/**
 * Applies a batch in one transaction, in the order sent. Per author device: a seq already applied
 * is skipped (so a retry after a lost answer is harmless), the next seq is applied or rejected
 * (both acknowledged and logged), and a gap stops the batch. Each op runs under a savepoint, so a
 * failing op is rejected alone and never blocks the queue.
 */
export async function applyPush(
  db: Kysely<Tables>,
  pusher: { id: string; eventId: string },
  ops: Op[],
  pending: number | undefined,
  now = new Date(),
  { touchPusher = true }: { touchPusher?: boolean } = {},
): Promise<PushResponse> {
  return db.transaction().execute(async (trx) => {
    await lockChangeLog(trx);
    const authors = new Map<string, AuthorState>();
    const rejections: Rejection[] = [];
    let gap: PushResponse['gap'];

    for (const op of ops) {
      const author = authors.get(op.deviceId) ?? (await loadAuthor(trx, op.deviceId, pusher.eventId));
      authors.set(op.deviceId, author);
      if (!author.known) {
        // Not enrolled in this event: rejected and acknowledged one by one, whatever the order.
        const seen = await trx.selectFrom('opLog').select('opId').where('opId', '=', op.opId).executeTakeFirst();
        const outcome = { status: 'rejected', code: 'unknown-device', message: 'Op from a device not enrolled in this event.' } as const;
        if (!seen) await logOp(trx, pusher.eventId, op, outcome, now, rejections);
        author.lastSeq = Math.max(author.lastSeq, op.seq);
        continue;
      }
      if (op.seq <= author.lastSeq) continue;
      if (op.seq > author.lastSeq + 1) {
        gap = { deviceId: op.deviceId, expected: author.lastSeq + 1, got: op.seq };
        break;
      }
      const seen = await trx.selectFrom('opLog').select('opId').where('opId', '=', op.opId).executeTakeFirst();
      if (!seen) await logOp(trx, pusher.eventId, op, await applyInSavepoint(trx, author, op, now), now, rejections);
      author.lastSeq = op.seq;
    }

    for (const author of authors.values()) {
      if (author.known) await trx.updateTable('devices').set({ lastAppliedSeq: author.lastSeq }).where('id', '=', author.id).execute();
    }
    if (touchPusher) {
      await trx
        .updateTable('devices')
        .set({ lastSeenAt: now.toISOString(), ...(pending === undefined ? {} : { pendingOps: pending }) })
        .where('id', '=', pusher.id)
        .execute();
    }
    const pusherState = authors.get(pusher.id) ?? (await loadAuthor(trx, pusher.id, pusher.eventId));
    const acked: Record<string, number> = { [pusher.id]: pusherState.lastSeq };
    for (const author of authors.values()) acked[author.id] = author.lastSeq;
    return { acked, serverTime: now.toISOString(), rejections, ...(gap ? { gap } : {}) };
  });
}

async function loadAuthor(trx: Transaction<Tables>, deviceId: string, eventId: string): Promise<AuthorState> {
  const row = await trx
    .selectFrom('devices')
    .select(['id', 'eventId', 'role', 'lastAppliedSeq'])
    .where('id', '=', deviceId)
    .where('eventId', '=', eventId)
    .executeTakeFirst();
  if (row) return { id: row.id, eventId: row.eventId, role: row.role as Role, lastSeq: Number(row.lastAppliedSeq), known: true };
  const last = await trx.selectFrom('opLog').select((eb) => eb.fn.max('seq').as('max')).where('deviceId', '=', deviceId).executeTakeFirst();
  return { id: deviceId, eventId, role: 'kiosk', lastSeq: Number(last?.max ?? 0), known: false };
}

async function applyInSavepoint(trx: Transaction<Tables>, author: OpAuthor, op: Op, now: Date): Promise<OpOutcome> {
  await sql`savepoint etape_op`.execute(trx);
  try {
    const outcome = await applyOp(trx, author, op, now);
    await sql`release savepoint etape_op`.execute(trx);
    return outcome;
  } catch (error) {
    await sql`rollback to savepoint etape_op`.execute(trx);
    await sql`release savepoint etape_op`.execute(trx);
    return { status: 'rejected', code: 'invalid-op', message: `The server could not apply this op: ${(error as Error).message}` };
  }
}

async function logOp(
  trx: Transaction<Tables>,
  eventId: string,
  op: Op,
  outcome: OpOutcome,
  now: Date,
  rejections: Rejection[],
): Promise<void> {
  const receivedAt = now.toISOString();
  await trx
    .insertInto('opLog')
    .values({ opId: op.opId, deviceId: op.deviceId, seq: op.seq, type: op.type, status: outcome.status, receivedAt })
    .execute();
  if (outcome.status === 'rejected') {
    const rejection = { opId: op.opId, deviceId: op.deviceId, seq: op.seq, code: outcome.code, message: outcome.message };
    await trx
      .insertInto('rejections')
      .values({ ...rejection, eventId, type: op.type, payload: JSON.stringify(op.payload ?? null), receivedAt })
      .execute();
    rejections.push(rejection);
    await resendRecord(trx, eventId, op, receivedAt);
  }
}

/**
 * After a rejected edit, the author's device still shows its own change: log the server's record
 * again (or a tombstone, if the server has none), so that its next pull puts it right.
 */
async function resendRecord(trx: Transaction<Tables>, eventId: string, op: Op, now: string): Promise<void> {
  const entity = EDITED_ENTITY[op.type];
  const id = (op.payload as { id?: unknown } | null)?.id;
  if (!entity || typeof id !== 'string') return;
  const table = ({ stage: 'stages', talk: 'talks', participant: 'participants' } as const)[entity];
  const exists = await trx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (exists) await snapshot(trx, entity, id, now);
  else await appendChange(trx, { eventId, entity, id, deleted: true, data: null }, now);
}
