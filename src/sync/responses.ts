import * as v from 'valibot';
import type { PullResponse, PushResponse } from '../shared/protocol.ts';
import { changesOf } from '../shared/pull-runs.ts';
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

/** What a pull page says besides its changes. */
const pageEntries = {
  nextCursor: seq,
  hasMore: v.boolean(),
  serverTime: v.string(),
  acked: v.optional(v.record(v.string(), seq)),
  mark: v.optional(v.string()),
  remaining: v.optional(seq),
};

/** A page with every change written out (an older server's answer, or one asked without `format=runs`). */
const ChangesPageSchema = v.object({
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
  ...pageEntries,
});

/** A page whose changes come in runs (src/shared/pull-runs.ts): what changesOf checks besides is said there. */
const RunsPageSchema = v.object({
  runs: v.array(
    v.object({
      entity: v.string(),
      fields: v.array(v.string()),
      clockFields: v.array(v.string()),
      changes: v.array(v.tuple([seq, v.string(), v.nullable(v.array(v.unknown())), v.optional(v.union([v.string(), v.array(v.string())]))])),
    }),
  ),
  ...pageEntries,
});

/** A checked push answer, or an 'invalid' HttpFailure. */
export function parsePushResponse(body: unknown): PushResponse {
  return check(PushResponseSchema, body, 'The push answer') as PushResponse;
}

/**
 * A checked pull page, or an 'invalid' HttpFailure; its changes given back from runs when the
 * server sent them so. Entities this build does not know are kept (and skipped later).
 */
export function parsePullResponse(body: unknown): PullResponse {
  if (!(typeof body === 'object' && body !== null && 'runs' in body)) return check(ChangesPageSchema, body, 'The pull answer') as PullResponse;
  const { runs, ...page } = check(RunsPageSchema, body, 'The pull answer');
  try {
    return { ...page, changes: changesOf(runs) };
  } catch (error) {
    throw new HttpFailure('invalid', `The pull answer is malformed: ${(error as Error).message}`);
  }
}

function check<S extends v.GenericSchema>(schema: S, body: unknown, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) throw new HttpFailure('invalid', `${what} is malformed: ${parsed.issues[0].message}`);
  return parsed.output;
}
