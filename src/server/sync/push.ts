import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import * as v from 'valibot';
import { OpSchema, opSigningString, payloadFault, textFault, type Op, type PushResponse, type Rejection, type Role } from '../../shared/protocol.ts';
import type { Tables } from '../database/tables.ts';
import { applyOp, prepareRecords, type OpAuthor } from './apply-op.ts';
import { ROWS_PER_STATEMENT, appendChange, lockChangeLog, snapshot } from './change-log.ts';
import { flushCheckins, prepareCheckins } from './checkin-batch.ts';
import { insertRows, type Column } from './insert-rows.ts';
import { prepareAnswers } from './op-rules.ts';
import { EDITED_ENTITY, TABLES } from './editable.ts';

/** A push whose envelope is unusable (not an op at all): answered 400, nothing applied. */
export class PushRequestError extends Error {
  override name = 'PushRequestError';
}

interface AuthorState extends OpAuthor {
  lastSeq: number;
  /** Enrolled in this event and not revoked; only such an author's ops are applied. */
  trusted: boolean;
  refusal?: { code: 'unknown-device' | 'device-revoked'; message: string };
  tokenHash: string;
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
 * is skipped (so a retry after a lost answer is harmless, and its rejections are sent again), the
 * next seq is applied or rejected (both acknowledged and logged), and a gap stops the batch. Only
 * an op's own fault is a rejection (an outcome of applyOp); an exception is a failure of ours (a
 * lock, the disk, the pool, a bug): it aborts the whole batch, nothing is acknowledged, and the
 * route answers 503 so that the device retries.
 *
 * Ops of another device than the pusher (forwarded from a file) must carry their author's
 * signature, and their author must be enrolled in this event and not revoked. Otherwise they are
 * rejected and acknowledged to the forwarding device only: the author's own seq does not move,
 * so a forged op can neither act in its name nor hide its real ops.
 */
export async function applyPush(
  db: Kysely<Tables>,
  pusher: { id: string; eventId: string },
  ops: Op[],
  pending: number | undefined,
  now = new Date(),
  options: { touchPusher?: boolean; verifyAll?: boolean } = {},
): Promise<PushResponse> {
  return inTurn(db, () => applyBatch(db, pusher, ops, pending, now, options));
}

/*
 * Writers of the change log take turns anyway (see lockChangeLog). Pushes wait for their turn
 * here, in this process, holding nothing: a push waiting on the database's lock would hold a pool
 * connection, and a crowd of them would leave none for pulls (which then time out). With several
 * server processes, each holds at most one connection waiting on the lock.
 */
const turns = new WeakMap<object, Promise<unknown>>();
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Ops applied between two yields to the event loop within a push (a few milliseconds of work on SQLite). */
const YIELD_EVERY_OPS = 200;

function inTurn<T>(db: Kysely<Tables>, work: () => Promise<T>): Promise<T> {
  const previous = turns.get(db) ?? Promise.resolve();
  // Between two pushes, let waiting requests (pulls, new pushes arriving) run first.
  const mine = previous.then(nextTick, nextTick).then(work);
  turns.set(db, mine.catch(() => undefined));
  return mine;
}

async function applyBatch(
  db: Kysely<Tables>,
  pusher: { id: string; eventId: string },
  ops: Op[],
  pending: number | undefined,
  now: Date,
  { touchPusher = true, verifyAll = false }: { touchPusher?: boolean; verifyAll?: boolean },
): Promise<PushResponse> {
  return db.transaction().execute(async (trx) => {
    await lockChangeLog(trx);
    // What the batch's ops name is read once, before the first op: one statement per table.
    await prepareCheckins(trx, payloadIds(ops, ['checkin.record', 'checkin.void'], 'id'));
    await prepareRecords(trx, {
      stages: payloadIds(ops, ['checkin.record', 'feedback.record'], 'stageId'),
      participants: payloadIds(ops, ['checkin.record'], 'participantId'),
    });
    await prepareAnswers(trx, payloadIds(ops, ['feedback.record'], 'id'));
    const applied: OpLogRow[] = [];
    const authors = new Map<string, AuthorState>();
    const rejections: Rejection[] = [];
    const refusedUpTo: Record<string, number> = {};
    const skipped: Op[] = [];
    let gap: PushResponse['gap'];

    for (const [index, op] of ops.entries()) {
      // Let waiting requests in now and then (pulls read on their own connection: connect.ts).
      if (index > 0 && index % YIELD_EVERY_OPS === 0) await nextTick();
      const author = authors.get(op.deviceId) ?? (await loadAuthor(trx, op.deviceId, pusher.eventId));
      authors.set(op.deviceId, author);
      // A payload that can never be applied (too deep, too large, text a database would refuse or
      // alter) is found before anything reads it whole: it is the op's own fault, a rejection.
      const fault = payloadFault(op.payload);
      const poisoned = fault ? { code: 'invalid-op', message: `Invalid ${op.type}: ${fault}.` } as const : undefined;
      if (verifyAll || op.deviceId !== pusher.id) {
        const refusal = author.refusal ?? poisoned ?? (verifySignature(op, author.tokenHash) ? undefined : BAD_SIGNATURE);
        if (refusal) {
          await recordRejection(trx, pusher.eventId, op, refusal, now, rejections);
          refusedUpTo[op.deviceId] = Math.max(refusedUpTo[op.deviceId] ?? 0, op.seq);
          continue;
        }
      }
      if (op.seq <= author.lastSeq) {
        skipped.push(op);
        continue;
      }
      if (op.seq > author.lastSeq + 1) {
        gap = { deviceId: op.deviceId, expected: author.lastSeq + 1, got: op.seq };
        break;
      }
      // Check-ins in a row are written together; anything else first sees every op before it written.
      if (op.type !== 'checkin.record') await flushCheckins(trx);
      const outcome = poisoned ? { status: 'rejected' as const, ...poisoned } : await applyOp(trx, author, op, now);
      applied.push({ deviceId: op.deviceId, seq: op.seq, opId: op.opId, type: op.type, status: outcome.status });
      if (outcome.status === 'rejected') await recordRejection(trx, pusher.eventId, op, outcome, now, rejections);
      author.lastSeq = op.seq;
    }

    await flushCheckins(trx);
    await logOps(trx, applied, now.toISOString());
    if (skipped.length) await answerSkipped(trx, pusher.eventId, skipped, now, rejections);

    for (const author of authors.values()) {
      if (author.trusted) await trx.updateTable('devices').set({ lastAppliedSeq: author.lastSeq }).where('id', '=', author.id).execute();
    }
    if (touchPusher) {
      await trx
        .updateTable('devices')
        .set({ lastSeenAt: now.toISOString(), ...(pending === undefined ? {} : { pendingOps: pending }) })
        .where('id', '=', pusher.id)
        .execute();
    }
    const pusherState = authors.get(pusher.id) ?? (await loadAuthor(trx, pusher.id, pusher.eventId));
    const acked: Record<string, number> = { ...refusedUpTo, [pusher.id]: pusherState.lastSeq };
    for (const author of authors.values()) {
      if (author.trusted) acked[author.id] = Math.max(acked[author.id] ?? 0, author.lastSeq);
    }
    return { acked, serverTime: now.toISOString(), rejections, ...(gap ? { gap } : {}) };
  });
}

interface OpLogRow {
  deviceId: string;
  seq: number;
  opId: string;
  type: string;
  status: 'applied' | 'rejected';
}

/** The ids that ops of these types name in `field`, read at once before the batch is applied (only those an op could validly carry). */
function payloadIds(ops: readonly Op[], types: readonly string[], field: string): string[] {
  return ops.flatMap((op) => {
    const id = types.includes(op.type) ? (op.payload as Record<string, unknown> | null)?.[field] : undefined;
    return typeof id === 'string' && id.length <= 64 && !textFault(id) ? [id] : [];
  });
}

const OP_LOG_COLUMNS: readonly Column[] = [
  { name: 'device_id', type: 'text' },
  { name: 'seq', type: 'integer' },
  ...['op_id', 'type', 'status', 'received_at'].map((name) => ({ name, type: 'text' as const })),
];

/** Writes the op log of the ops handled in this batch, ROWS_PER_STATEMENT rows per statement. */
async function logOps(trx: Transaction<Tables>, rows: readonly OpLogRow[], receivedAt: string): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    await insertRows(trx, 'op_log', OP_LOG_COLUMNS, chunk.map((r) => [r.deviceId, r.seq, r.opId, r.type, r.status, receivedAt]));
  }
}

/**
 * Ops skipped as already handled. Their answer may have been lost, so the device hears again which
 * were refused (its own rejections only: by device and opId). An op whose seq the device had
 * already used for another op is a `seq-reused` rejection, recorded like any other.
 */
async function answerSkipped(trx: Transaction<Tables>, eventId: string, skipped: Op[], now: Date, rejections: Rejection[]): Promise<void> {
  const devices = [...new Set(skipped.map((op) => op.deviceId))];
  const key = (deviceId: string, id: string | number) => `${deviceId}\n${id}`;
  const logged = await trx
    .selectFrom('opLog')
    .select(['deviceId', 'seq', 'opId'])
    .where('deviceId', 'in', devices)
    .where('seq', 'in', [...new Set(skipped.map((op) => op.seq))])
    .execute();
  const holder = new Map(logged.map((row) => [key(row.deviceId, Number(row.seq)), row.opId]));
  const earlier = await trx
    .selectFrom('rejections')
    .select(['opId', 'deviceId', 'seq', 'code', 'message'])
    .where('deviceId', 'in', devices)
    .where('opId', 'in', [...new Set(skipped.map((op) => op.opId))])
    .where('eventId', '=', eventId)
    .execute();
  const refused = new Map(earlier.map((row) => [key(row.deviceId, row.opId), row]));
  for (const op of skipped) {
    const known = refused.get(key(op.deviceId, op.opId));
    if (known) {
      rejections.push({ ...known, seq: Number(known.seq), code: known.code as Rejection['code'] });
      continue;
    }
    const owner = holder.get(key(op.deviceId, op.seq));
    if (owner !== undefined && owner !== op.opId) {
      const message = `This op reuses seq ${op.seq}, which this device already used for another op (${owner}): it was not applied.`;
      await recordRejection(trx, eventId, op, { code: 'seq-reused', message }, now, rejections);
    }
  }
}

const BAD_SIGNATURE = {
  code: 'bad-signature',
  message: 'This op does not carry a valid signature of the device it claims to come from.',
} as const;

/** Whether a forwarded op was signed by its author (see opSigningString in src/shared/protocol.ts). */
export function verifySignature(op: Op, tokenHash: string): boolean {
  if (!op.sig || !tokenHash) return false;
  const expected = createHmac('sha256', tokenHash).update(opSigningString(op)).digest();
  const given = Buffer.from(op.sig, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function loadAuthor(trx: Transaction<Tables>, deviceId: string, eventId: string): Promise<AuthorState> {
  const row = await trx
    .selectFrom('devices')
    .select(['id', 'name', 'eventId', 'role', 'stageId', 'posterId', 'lastAppliedSeq', 'revokedAt', 'tokenHash'])
    .where('id', '=', deviceId)
    .where('eventId', '=', eventId)
    .executeTakeFirst();
  if (!row) {
    const refusal = { code: 'unknown-device', message: 'Op from a device not enrolled in this event.' } as const;
    return { id: deviceId, eventId, role: 'kiosk', lastSeq: 0, trusted: false, refusal, tokenHash: '' };
  }
  const base = {
    id: row.id,
    name: row.name,
    eventId: row.eventId,
    role: row.role as Role,
    poster: row.posterId ? { stageId: row.stageId ?? '', posterId: row.posterId } : undefined,
    stageId: row.stageId,
    lastSeq: Number(row.lastAppliedSeq),
    tokenHash: row.tokenHash,
  };
  if (row.revokedAt) {
    return { ...base, trusted: false, refusal: { code: 'device-revoked', message: 'Op from a device an organizer removed.' } };
  }
  return { ...base, trusted: true };
}

/** Keeps a rejected op with its reason, for organizers to review; tells the device in this answer. */
async function recordRejection(
  trx: Transaction<Tables>,
  eventId: string,
  op: Op,
  outcome: { code: Rejection['code']; message: string },
  now: Date,
  rejections: Rejection[],
): Promise<void> {
  const receivedAt = now.toISOString();
  const rejection = { opId: op.opId, deviceId: op.deviceId, seq: op.seq, code: outcome.code, message: outcome.message };
  await trx
    .insertInto('rejections')
    .values({ ...rejection, eventId, type: op.type, payload: storedPayload(op.payload), receivedAt })
    // A forwarded op refused again (its author's seq did not move) is already recorded.
    .onConflict((oc) => oc.doNothing())
    .execute();
  rejections.push(rejection);
  await resendRecord(trx, eventId, op, receivedAt);
}

/** The payload kept with a rejection: as sent, or what was wrong with it when it cannot be kept as it is. */
function storedPayload(payload: unknown): string {
  const fault = payloadFault(payload);
  return JSON.stringify(fault ? { omitted: fault } : (payload ?? null));
}

/**
 * After a rejected edit, the author's device still shows its own change: log the server's record
 * again (or a tombstone, if the server has none), so that its next pull puts it right.
 */
async function resendRecord(trx: Transaction<Tables>, eventId: string, op: Op, now: string): Promise<void> {
  const entity = EDITED_ENTITY[op.type];
  const id = (op.payload as { id?: unknown } | null)?.id;
  if (!entity || typeof id !== 'string' || textFault(id) || id.length > 64) return;
  const table = TABLES[entity];
  const exists = await trx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (exists) await snapshot(trx, entity, id, now);
  else await appendChange(trx, { eventId, entity, id, deleted: true, data: null }, now);
}
