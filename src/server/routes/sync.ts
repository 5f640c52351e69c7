import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { PULL_MAX_LIMIT, PushRequestSchema, type Change, type Entity, type Role } from '../../shared/protocol.ts';
import { requireDevice, type AuthEnv } from '../auth/device-auth.ts';
import type { Database } from '../database/connect.ts';
import type { Logger } from '../logger.ts';
import { toRuns } from '../../shared/pull-runs.ts';
import { CursorUnknownError, expectKnown, logEnd, readChanges } from '../sync/change-log.ts';
import { PushRequestError, applyPush, parseOps } from '../sync/push.ts';

/** What each role receives on pull. A kiosk never receives participants (nor their check-ins). */
export const PULL_ENTITIES: Record<Role, readonly Entity[]> = {
  organizer: ['event', 'form', 'stage', 'talk', 'participant', 'checkin', 'feedback'],
  animator: ['event', 'form', 'stage', 'talk', 'participant', 'checkin'],
  kiosk: ['event', 'form', 'stage', 'talk'],
};

/** Personal data an animator does not need to welcome someone is left out. */
function forRole(change: Change, role: Role): Change {
  if (role !== 'animator' || change.entity !== 'participant' || !change.data) return change;
  const { email: _email, ...data } = change.data;
  return { ...change, data };
}

const PullQuerySchema = v.object({
  cursor: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,15}$/, 'cursor must be a whole number'),
      v.transform(Number),
      v.maxValue(2 ** 31 - 1, 'cursor is too large'),
    ),
    '0',
  ),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,6}$/, 'limit must be a whole number'),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(PULL_MAX_LIMIT, `limit is at most ${PULL_MAX_LIMIT}`),
    ),
    '1000',
  ),
  at: v.optional(v.pipe(v.string(), v.maxLength(200, 'at is at most 200 characters'))),
  seen: v.optional(v.pipe(v.string(), v.regex(/^\d{1,10}$/, 'seen must be a whole number'), v.transform(Number))),
  seenAt: v.optional(v.pipe(v.string(), v.maxLength(200, 'seenAt is at most 200 characters'))),
  format: v.optional(v.picklist(['changes', 'runs'], 'format is "changes" or "runs"'), 'changes'),
});

/** Seconds a device waits before retrying after a failure of ours (it adds its own backoff). */
export const RETRY_AFTER_SECONDS = 5;

/** POST /api/sync/push and GET /api/sync/pull, for enrolled devices (docs/sync-protocol.md). */
export function syncRoutes(database: Database, logger?: Logger): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  // Input errors are answered 4xx by the handlers. Whatever else throws is a failure of ours (the
  // database, the pool, the disk, a bug): the transaction rolled back whole, so nothing was
  // applied nor acknowledged, and the device retries after Retry-After. Never a rejection.
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    logger?.warn({ err: error, path: c.req.path }, 'sync request failed on our side; answered 503');
    c.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return c.json(
      {
        error: 'unavailable',
        message: 'The server could not handle this just now; nothing was applied. The device tries again by itself.',
      },
      503,
    );
  });
  // A device's token and its pulls are read on the reader (connect.ts): they never wait for a push's transaction.
  const reader = database.reader ?? database.db;
  app.use('*', requireDevice(reader));

  app.post('/push', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'invalid-json', message: 'The request body is not JSON.' }, 400);
    }
    const request = v.safeParse(PushRequestSchema, body);
    if (!request.success) {
      return c.json({ error: 'invalid-request', message: `Invalid push: ${request.issues[0].message}` }, 400);
    }
    let ops;
    try {
      ops = parseOps(request.output.ops);
    } catch (error) {
      if (error instanceof PushRequestError) return c.json({ error: 'invalid-request', message: error.message }, 400);
      throw error;
    }
    const device = c.get('device');
    // Restored from a backup since the device last saw the log: it must learn it (and send again what
    // it forwarded) before this push's answer gives it a newer point that would hide the loss.
    try {
      await expectKnown(reader, [request.output.seen]);
    } catch (error) {
      if (error instanceof CursorUnknownError) return c.json({ error: 'cursor-unknown', message: error.message }, 409);
      throw error;
    }
    const answer = await applyPush(database.db, device, ops, request.output.pending);
    // Where the log stands after this push: a device that pulls no more before a restore still sees it.
    const text = JSON.stringify({ ...answer, seen: await logEnd(database.db, device.eventId) });
    // With its length, compress() (app.ts) leaves the usual short answer as it is: gzip would cost
    // more than it saves there (a zlib stream per push); a long one (many rejections) is compressed.
    return c.body(text, 200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  });

  app.get('/pull', async (c) => {
    const query = v.safeParse(PullQuerySchema, { cursor: c.req.query('cursor'), limit: c.req.query('limit'), at: c.req.query('at'), seen: c.req.query('seen'), seenAt: c.req.query('seenAt'), format: c.req.query('format') });
    if (!query.success) return c.json({ error: 'invalid-request', message: query.issues[0].message }, 400);
    const device = c.get('device');
    const role = device.role;
    let page;
    try {
      page = await readChanges(reader, {
        eventId: device.eventId,
        entities: PULL_ENTITIES[role],
        cursor: query.output.cursor,
        limit: query.output.limit,
        now: new Date().toISOString(),
        mark: query.output.at,
        seen: query.output.seen !== undefined && query.output.seenAt !== undefined ? { seq: query.output.seen, mark: query.output.seenAt } : undefined,
      });
    } catch (error) {
      if (error instanceof CursorUnknownError) return c.json({ error: 'cursor-unknown', message: error.message }, 409);
      throw error;
    }
    // When it was last seen is written without holding the answer: on SQLite the write waits for the
    // push being applied, and a pull must not (a failure here only loses that time, logged).
    void database.db
      .updateTable('devices')
      .set({ lastSeenAt: page.serverTime })
      .where('id', '=', device.id)
      .execute()
      .catch((error: unknown) => logger?.warn({ err: error }, 'could not record when a device was last seen'));
    // Read after the changes: every op up to this seq is handled, so the device must not replay it
    // over this page (another tab of it may have pushed it, its answer not yet recorded).
    const handled = await reader.selectFrom('devices').select('lastAppliedSeq').where('id', '=', device.id).executeTakeFirst();
    const acked = { [device.id]: Number(handled?.lastAppliedSeq ?? 0) };
    const { changes, ...rest } = page;
    const scoped = changes.map((change) => forRole(change, role));
    // Runs (src/shared/pull-runs.ts): the same changes without their field names written again in each.
    return c.json(query.output.format === 'runs' ? { ...rest, runs: toRuns(scoped), acked } : { ...rest, changes: scoped, acked });
  });

  /** Ops the server acknowledged without applying, for organizers to review. */
  app.get('/rejections', requireDevice(database.db, ['organizer']), async (c) => {
    const rows = await database.db
      .selectFrom('rejections')
      .select(['opId', 'deviceId', 'seq', 'type', 'code', 'message', 'payload', 'receivedAt'])
      .where('eventId', '=', c.get('device').eventId)
      .orderBy('receivedAt', 'desc')
      .limit(500)
      .execute();
    return c.json({ rejections: rows.map((row) => ({ ...row, payload: JSON.parse(row.payload) as unknown })) });
  });

  return app;
}
