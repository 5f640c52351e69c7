import * as v from 'valibot';
import type { PullResponse, PushResponse } from '../shared/protocol.ts';
import { HttpFailure } from './http.ts';

/*
 * The shapes of the server's sync answers, checked before anything is written: a proxy's login
 * page or a truncated body must never move the cursor nor acknowledge an op.
 * Unknown extra fields are tolerated (a newer server may add some).
 */

const seq = v.pipe(v.number(), v.integer(), v.minValue(0));

const PushResponseSchema = v.object({
  acked: v.record(v.string(), seq),
  serverTime: v.string(),
  rejections: v.array(
    v.object({ opId: v.string(), deviceId: v.string(), seq, code: v.string(), message: v.string() }),
  ),
  gap: v.optional(v.object({ deviceId: v.string(), expected: seq, got: seq })),
  seen: v.optional(v.object({ seq, mark: v.string() })),
});

const PullResponseSchema = v.object({
  changes: v.array(
    v.object({
      seq,
      entity: v.string(),
      id: v.string(),
      deleted: v.boolean(),
      data: v.nullable(v.record(v.string(), v.unknown())),
      clocks: v.optional(v.record(v.string(), v.string())),
    }),
  ),
  nextCursor: seq,
  hasMore: v.boolean(),
  serverTime: v.string(),
  acked: v.optional(v.record(v.string(), seq)),
  mark: v.optional(v.string()),
  remaining: v.optional(seq),
});

/** A checked push answer, or an 'invalid' HttpFailure. */
export function parsePushResponse(body: unknown): PushResponse {
  return check(PushResponseSchema, body, 'The push answer') as PushResponse;
}

/** A checked pull page, or an 'invalid' HttpFailure. Entities this build does not know are kept (and skipped later). */
export function parsePullResponse(body: unknown): PullResponse {
  return check(PullResponseSchema, body, 'The pull answer') as PullResponse;
}

function check<S extends v.GenericSchema>(schema: S, body: unknown, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) throw new HttpFailure('invalid', `${what} is malformed: ${parsed.issues[0].message}`);
  return parsed.output;
}
