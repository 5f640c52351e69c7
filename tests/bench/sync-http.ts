/**
 * Helpers of the sync bench: a real `etape serve` process on SQLite or on a fresh PostgreSQL
 * database, devices enrolled over HTTP, and raw push/pull requests timed with fetch alone.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { encodeHlc } from '../../src/shared/hlc.ts';
import { SCHEMA_VERSION, type Op, type PullResponse, type PushResponse, type Role } from '../../src/shared/protocol.ts';
import { adminQuery, databaseUrl, postgresAnswers, POSTGRES_ADMIN_URL } from '../setup/postgres.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import type { BenchContext } from './context.ts';

export type Engine = 'sqlite' | 'postgres';

/** A running server, with the organizer enrolled from the link it printed on first start. */
export interface BenchServer {
  engine: Engine;
  server: ServerProcess;
  url: string;
  organizer: Enrolled;
  stop(): Promise<void>;
}

/** What POST /api/devices/enroll answers. */
export interface Enrolled {
  token: string;
  deviceId: string;
  role: Role;
  stageId: string | null;
  event: { id: string; slug: string };
}

/**
 * Starts `etape serve` (demo week seeded, an empty static folder: no app is needed) on a fresh
 * SQLite file, or on a fresh PostgreSQL database that is dropped at the end, even after an error.
 */
export async function startBenchServer(context: BenchContext, engine: Engine): Promise<BenchServer> {
  const staticDir = context.tempDir('sync-static');
  let env: Record<string, string>;
  if (engine === 'sqlite') {
    env = { DATABASE_URL: '', DATABASE_FILE: join(context.tempDir('sync-db'), 'etape.sqlite') };
  } else {
    const name = `etape_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    context.defer(() => dropDatabase(name));
    env = { DATABASE_URL: databaseUrl(name) };
  }
  const server = await startServerProcess({ ...env, NODE_ENV: 'production', ETAPE_STATIC_DIR: staticDir, LOG_LEVEL: 'warn' }, 60_000);
  const stop = async () => {
    await server.stop();
  };
  context.defer(stop);
  const code = /enroll#code=([A-Za-z0-9_-]+)/.exec(server.output())?.[1];
  if (!code) throw new Error(`etape serve printed no organizer enrolment link:\n${server.output()}`);
  const organizer = await enrol(server.url, code, 'bench organizer');
  return { engine, server, url: server.url, organizer, stop };
}

/** Whether the PostgreSQL server of the tests answers, and where. */
export async function postgresAvailable(): Promise<{ ok: boolean; url: string }> {
  return { ok: await postgresAnswers(), url: POSTGRES_ADMIN_URL };
}

/** Drops a bench database once the server's pool has let go of it. */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    try {
      await adminQuery(`drop database if exists ${name}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error; // still in use
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await adminQuery(`drop database if exists ${name} with (force)`);
}

async function postJson(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** Trades an enrolment code for a device token over HTTP. */
export async function enrol(baseUrl: string, code: string, name: string): Promise<Enrolled> {
  const response = await postJson(`${baseUrl}/api/devices/enroll`, { code, name });
  if (response.status !== 201) throw new Error(`enrolment failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Enrolled;
}

/** Enrols a new device of `role`, with a code made by the organizer through the API. */
export async function enrolNew(server: BenchServer, role: Role, name: string): Promise<Enrolled> {
  const response = await postJson(`${server.url}/api/enrolment-codes`, { role }, server.organizer.token);
  if (response.status !== 201) throw new Error(`enrolment code refused: ${response.status} ${await response.text()}`);
  const { code } = (await response.json()) as { code: string };
  return enrol(server.url, code, name);
}

/** Stage and participant ids of the demo week, read with the organizer's pull. */
export async function demoIds(server: BenchServer): Promise<{ stages: string[]; participants: string[] }> {
  const stages: string[] = [];
  const participants: string[] = [];
  let cursor = 0;
  for (let page = 0; page < 100; page += 1) {
    const body = await pullPage(server.url, server.organizer.token, cursor, 1000);
    for (const change of body.changes) {
      if (change.deleted) continue;
      if (change.entity === 'stage') stages.push(change.id);
      if (change.entity === 'participant') participants.push(change.id);
    }
    cursor = body.nextCursor;
    if (!body.hasMore) break;
  }
  if (stages.length === 0 || participants.length === 0) throw new Error('the demo week has no stages or no participants');
  return { stages, participants };
}

/** `count` check-in ops of `deviceId` from seq `firstSeq` on, spread over the demo's stages and people. */
export function checkinOps(deviceId: string, firstSeq: number, count: number, ids: { stages: string[]; participants: string[] }): Op[] {
  const start = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const seq = firstSeq + i;
    const at = start + i;
    return {
      opId: randomUUID(),
      deviceId,
      seq,
      type: 'checkin.record',
      payload: {
        id: randomUUID(),
        participantId: ids.participants[i % ids.participants.length]!,
        stageId: ids.stages[i % ids.stages.length]!,
        scannedAt: new Date(at).toISOString(),
        method: 'camera',
      },
      hlc: encodeHlc({ wallMs: at, counter: 0, node: deviceId }),
      schemaVersion: SCHEMA_VERSION,
    };
  });
}

/**
 * POSTs `ops` as raw JSON batches of `batchSize` and returns the time of each HTTP round trip
 * (request sent → answer read), bodies serialised beforehand. Checks every op was applied.
 */
export async function pushRaw(baseUrl: string, token: string, ops: Op[], batchSize = 1000): Promise<number[]> {
  const bodies: { body: string; lastSeq: number; deviceId: string }[] = [];
  for (let i = 0; i < ops.length; i += batchSize) {
    const batch = ops.slice(i, i + batchSize);
    bodies.push({ body: JSON.stringify({ ops: batch, pending: ops.length - i - batch.length }), lastSeq: batch.at(-1)!.seq, deviceId: batch[0]!.deviceId });
  }
  const times: number[] = [];
  for (const { body, lastSeq, deviceId } of bodies) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const answer = (await response.json()) as PushResponse;
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`push answered ${response.status}: ${JSON.stringify(answer)}`);
    if (answer.acked[deviceId] !== lastSeq || answer.rejections.length > 0 || answer.gap) {
      throw new Error(`push did not apply the whole batch: ${JSON.stringify({ ...answer, rejections: answer.rejections.slice(0, 3) })}`);
    }
  }
  return times;
}

/** One GET /api/sync/pull page, parsed. */
export async function pullPage(baseUrl: string, token: string, cursor: number, limit: number): Promise<PullResponse> {
  const response = await fetch(`${baseUrl}/api/sync/pull?cursor=${cursor}&limit=${limit}`, {
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
  });
  if (response.status !== 200) throw new Error(`pull answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as PullResponse;
}

/** Every page from cursor 0, sequentially, with fetch alone: the time, the pages, and the changes. */
export async function pullRaw(baseUrl: string, token: string, limit: number): Promise<{ ms: number; pages: number; changes: number; bytes: number }> {
  let cursor = 0;
  let pages = 0;
  let changes = 0;
  let bytes = 0;
  const started = performance.now();
  for (let page = 0; page < 1000; page += 1) {
    const response = await fetch(`${baseUrl}/api/sync/pull?cursor=${cursor}&limit=${limit}`, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`pull answered ${response.status}: ${text}`);
    const body = JSON.parse(text) as PullResponse;
    bytes += text.length;
    pages += 1;
    changes += body.changes.length;
    cursor = body.nextCursor;
    if (!body.hasMore) return { ms: performance.now() - started, pages, changes, bytes };
  }
  throw new Error('pull did not end within 1000 pages');
}
