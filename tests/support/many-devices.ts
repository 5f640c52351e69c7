import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashSecret } from '../../src/server/auth/secrets.ts';
import type { Tables } from '../../src/server/database/tables.ts';
import { encodeHlc } from '../../src/shared/hlc.ts';
import { SCHEMA_VERSION, type Op, type PullResponse } from '../../src/shared/protocol.ts';
import { DEFAULT_TIMEOUT_MS } from '../../src/sync/http.ts';

/** A device enrolled on a server, as the load below uses it. */
export interface LoadDevice {
  token: string;
  deviceId: string;
}

/** What happened while many devices pushed at once. */
export interface LoadReport {
  /** Status of every push and pull (a timed-out request counts as 0). */
  pushStatuses: number[];
  pullStatuses: number[];
  /** Milliseconds of every push, and of every bystander pull. */
  pushMs: number[];
  pullMs: number[];
  /** Pushes that got no answer within the app's own timeout (src/sync/http.ts). */
  timedOut: number;
  wallMs: number;
}

function checkinOps(deviceId: string, count: number, ids: { stages: string[]; participants: string[] }): Op[] {
  return Array.from({ length: count }, (_, index) => ({
    opId: randomUUID(),
    deviceId,
    seq: index + 1,
    type: 'checkin.record',
    payload: {
      id: randomUUID(),
      participantId: ids.participants[index % ids.participants.length]!,
      stageId: ids.stages[index % ids.stages.length]!,
      scannedAt: new Date().toISOString(),
      method: 'camera',
    },
    hlc: encodeHlc({ wallMs: Date.now(), counter: index, node: deviceId }),
    schemaVersion: SCHEMA_VERSION,
  }));
}

async function timed(url: string, init: RequestInit): Promise<{ status: number; ms: number; body?: unknown }> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(DEFAULT_TIMEOUT_MS) });
    const body: unknown = await res.json();
    return { status: res.status, ms: performance.now() - started, body };
  } catch {
    return { status: 0, ms: performance.now() - started };
  }
}

/**
 * Every device pushes `opsPerDevice` check-ins at once (batches of up to 1,000, to a server picked
 * at random among `urls` for each request, retrying after a 503 as the app does), while a
 * bystander device pulls in a loop. Resolves once every device's ops are acknowledged.
 */
export async function pushAtOnce(options: {
  urls: string[];
  devices: LoadDevice[];
  bystander: LoadDevice;
  opsPerDevice: number;
  /** Ops per push (1,000 by default, the most a push takes). */
  batchSize?: number;
  ids: { stages: string[]; participants: string[] };
}): Promise<LoadReport> {
  const batchSize = options.batchSize ?? 1000;
  const report: LoadReport = { pushStatuses: [], pullStatuses: [], pushMs: [], pullMs: [], timedOut: 0, wallMs: 0 };
  const pick = () => options.urls[Math.floor(Math.random() * options.urls.length)]!;
  const started = performance.now();
  let pushing = true;
  const pulls = (async () => {
    let cursor = 0;
    while (pushing) {
      const answer = await timed(`${pick()}/api/sync/pull?cursor=${cursor}&limit=1000`, { headers: { authorization: `Bearer ${options.bystander.token}` } });
      report.pullStatuses.push(answer.status);
      report.pullMs.push(answer.ms);
      if (answer.status === 200) cursor = (answer.body as PullResponse).nextCursor;
    }
  })();
  await Promise.all(
    options.devices.map(async (device) => {
      const ops = checkinOps(device.deviceId, options.opsPerDevice, options.ids);
      let acked = 0;
      for (let attempt = 0; acked < ops.length && attempt < 50 + ops.length / batchSize; attempt += 1) {
        const batch = ops.slice(acked, acked + batchSize);
        const answer = await timed(`${pick()}/api/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ops: batch }),
        });
        report.pushStatuses.push(answer.status);
        report.pushMs.push(answer.ms);
        if (answer.status === 0) report.timedOut += 1;
        if (answer.status === 200) acked = (answer.body as { acked: Record<string, number> }).acked[device.deviceId] ?? acked;
      }
    }),
  );
  pushing = false;
  await pulls;
  report.wallMs = performance.now() - started;
  return report;
}

/**
 * Enrols a device straight in the database (the enrolment API allows 10 a minute per address,
 * and what the load tests is the sync path, not enrolment).
 */
export async function enrolDirect(db: Kysely<Tables>, role: 'animator' | 'organizer', name: string): Promise<LoadDevice> {
  const event = await db.selectFrom('events').select('id').where('slug', '=', 'tiers-lieux-lozere').executeTakeFirstOrThrow();
  const token = randomBytes(32).toString('base64url');
  const deviceId = randomUUID();
  await db
    .insertInto('devices')
    .values({ id: deviceId, eventId: event.id, name, role, stageId: null, tokenHash: hashSecret(token), enrolledAt: new Date().toISOString(), revokedAt: null, lastSeenAt: null, pendingOps: null })
    .execute();
  return { token, deviceId };
}
