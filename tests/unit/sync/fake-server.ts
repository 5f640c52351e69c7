import type { Change, Op, PushResponse, Rejection } from '../../../src/shared/protocol.ts';
import { toRuns } from '../../../src/shared/pull-runs.ts';
import type { SyncEngine, SyncStatus } from '../../../src/sync/engine.ts';

/** A scripted failure: throw (no answer) or answer with this Response instead of the normal one. */
export type Failure = () => Response;

/**
 * An in-memory stand-in for the sync API, with the protocol's rules: per-device seq (skip what
 * was applied, stop at a gap), a batch limit answered 413, and a change log read by cursor.
 * Only for tests of the client's behaviour; the real server has its own tests.
 */
export function fakeSyncServer(options: { maxOps?: number; reject?: (op: Op) => Rejection['code'] | undefined; /** Answers as a server older than `format=runs`: every change written out. */ olderServer?: boolean } = {}) {
  const lastSeq = new Map<string, number>();
  const applied: Op[] = [];
  const changes: Change[] = [];
  const requests: { method: string; path: string; query: string; auth: string | null; body: unknown }[] = [];
  const failures: Failure[] = [];
  let loseNext = false;

  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  function push(body: { ops: Op[] }): PushResponse {
    const acked: Record<string, number> = {};
    const rejections: Rejection[] = [];
    let gap: PushResponse['gap'];
    for (const op of body.ops) {
      const last = lastSeq.get(op.deviceId) ?? 0;
      acked[op.deviceId] = last;
      if (op.seq <= last) continue;
      if (op.seq > last + 1) {
        gap = { deviceId: op.deviceId, expected: last + 1, got: op.seq };
        break;
      }
      const code = options.reject?.(op);
      if (code) rejections.push({ opId: op.opId, deviceId: op.deviceId, seq: op.seq, code, message: `refused: ${code}` });
      else applied.push(op);
      lastSeq.set(op.deviceId, op.seq);
      acked[op.deviceId] = op.seq;
    }
    return { acked, serverTime: '2026-11-26T12:00:00.000Z', rejections, ...(gap ? { gap } : {}) };
  }

  const fetchImpl: typeof fetch = async (input, init = {}) => {
    const url = new URL(String(input), 'http://etape.test');
    const body = init.body ? (JSON.parse(String(init.body)) as unknown) : undefined;
    const auth = new Headers(init.headers).get('authorization');
    requests.push({ method: init.method ?? 'GET', path: url.pathname, query: url.search, auth, body });
    const failure = failures.shift();
    if (failure) return failure();
    if (url.pathname === '/api/sync/push') {
      const { ops } = body as { ops: Op[] };
      if (options.maxOps !== undefined && ops.length > options.maxOps) return json({ error: 'body-too-large', message: 'Too large' }, 413);
      const answer = push(body as { ops: Op[] });
      if (loseNext) {
        loseNext = false;
        throw new TypeError('network connection lost');
      }
      return json(answer);
    }
    if (url.pathname === '/api/sync/pull') {
      const cursor = Number(url.searchParams.get('cursor'));
      const limit = Number(url.searchParams.get('limit'));
      const after = changes.filter((change) => change.seq > cursor);
      const page = after.slice(0, limit);
      const hasMore = after.length > limit;
      const nextCursor = page.length ? page[page.length - 1]!.seq : cursor;
      const rest = { nextCursor, hasMore, serverTime: '2026-11-26T12:00:00.000Z', ...(hasMore ? { remaining: after.length - limit } : {}) };
      const runs = url.searchParams.get('format') === 'runs' && !options.olderServer;
      return json(runs ? { runs: toRuns(page), ...rest } : { changes: page, ...rest });
    }
    return json({ error: 'not-found' }, 404);
  };

  return {
    fetchImpl,
    applied,
    changes,
    requests,
    lastSeq,
    /** The next request gets this failure instead of its answer. */
    failNext(...next: Failure[]) {
      failures.push(...next);
    },
    /** The next push is applied, then its answer is lost. */
    loseNextAnswer() {
      loseNext = true;
    },
    pushes: () => requests.filter((request) => request.path === '/api/sync/push'),
    pulls: () => requests.filter((request) => request.path === '/api/sync/pull'),
  };
}

/** No network at all. */
export const offline: Failure = () => {
  throw new TypeError('Failed to fetch');
};

/** An HTTP error answer with the server's JSON error body. */
export const answer =
  (status: number, error = 'internal', message = 'Something failed'): Failure =>
  () =>
    new Response(JSON.stringify({ error, message }), { status, headers: { 'content-type': 'application/json' } });

/** Resolves with the status once the sync in progress has ended. */
export function idle(engine: SyncEngine): Promise<SyncStatus> {
  return new Promise((resolve) => {
    if (!engine.getStatus().running) return resolve(engine.getStatus());
    const off = engine.subscribe((status) => {
      if (!status.running) {
        off();
        resolve(status);
      }
    });
  });
}
