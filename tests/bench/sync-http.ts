/**
 * Helpers of the sync bench: a real `etape serve` process on SQLite or on a fresh PostgreSQL
 * database, devices enrolled over HTTP, and raw push/pull requests timed with fetch alone.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeHlc } from '../../src/shared/hlc.ts';
import { SCHEMA_VERSION, type Op, type PullResponse, type PushResponse, type Role } from '../../src/shared/protocol.ts';
import { adminQuery, databaseUrl, dropDatabase, postgresAnswers, POSTGRES_ADMIN_URL } from '../setup/postgres.ts';
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
 * Starts `etape serve` (demo week seeded, an empty static folder unless `staticDir` names the built
 * app) on a fresh SQLite file, or on a fresh PostgreSQL database that is dropped at the end, even
 * after an error. With `profileDir`, the server runs under `node --cpu-prof` and writes its
 * profile there on exit.
 */
export async function startBenchServer(context: BenchContext, engine: Engine, profileDir?: string, staticDir = context.tempDir('sync-static')): Promise<BenchServer> {
  let env: Record<string, string>;
  if (engine === 'sqlite') {
    env = { DATABASE_URL: '', DATABASE_FILE: join(context.tempDir('sync-db'), 'etape.sqlite') };
  } else {
    const name = `etape_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    context.defer(() => dropDatabase(name));
    env = { DATABASE_URL: databaseUrl(name) };
  }
  env = { ...env, NODE_ENV: 'production', ETAPE_STATIC_DIR: staticDir, LOG_LEVEL: 'warn' };
  const server = profileDir ? await startProfiledServer(env, profileDir) : await startServerProcess(env, 60_000);
  const stop = async () => {
    await server.stop();
  };
  context.defer(stop);
  const code = await printedCode(server);
  const organizer = await enrol(server.url, code, 'bench organizer');
  return { engine, server, url: server.url, organizer, stop };
}

const BIN = fileURLToPath(new URL('../../src/server/etape.mjs', import.meta.url));

/** `etape serve` under `node --cpu-prof` (NODE_OPTIONS may not carry that flag), as startServerProcess does it. */
function startProfiledServer(env: Record<string, string>, profileDir: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, BIN, 'serve'], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: 'pipe',
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`etape serve did not start in time:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /is serving (http:\/\/\S+?) /.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        child,
        url,
        output: () => output,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`etape serve exited with ${code}:\n${output}`));
    });
  });
}

/** The main thread's CPU profile written by a server started with `profileDir`, once it has exited. */
export function readServerProfile(profileDir: string, pid: number): CpuProfile {
  const file = readdirSync(profileDir).find((name) => name.includes(`.${pid}.0.`) && name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile of process ${pid} in ${profileDir}`);
  return JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
}

/** The parts of a V8 CPU profile the bench reads (times in µs of the system's monotonic clock). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per category of the samples taken between `from` and `to` (µs, process.hrtime clock). */
export function profileByCategory(profile: CpuProfile, from: number, to: number, categorise: (frame: { functionName: string; url: string }) => string): Map<string, number> {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const next = profile.timeDeltas[i + 1] ?? 0;
    if (at < from || at > to) return;
    const category = categorise(frames.get(id) ?? { functionName: '', url: '' });
    totals.set(category, (totals.get(category) ?? 0) + next / 1000);
  });
  return totals;
}

/** Now on the clock of CPU profiles (µs of CLOCK_MONOTONIC, shared by every process on Linux). */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** The organizer code `etape serve` writes on first start to the file it names, a moment after its address. */
async function printedCode(server: ServerProcess, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const file = / was written to (\S+) \(/.exec(server.output())?.[1];
    const code = file ? /enroll#code=([A-Za-z0-9_-]+)/.exec(readFileSync(file, 'utf8'))?.[1] : undefined;
    if (code) return code;
    if (Date.now() > deadline || server.child.exitCode !== null) {
      throw new Error(`etape serve printed no organizer enrolment link:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether the PostgreSQL server of the tests answers, and where. */
export async function postgresAvailable(): Promise<{ ok: boolean; url: string }> {
  return { ok: await postgresAnswers(), url: POSTGRES_ADMIN_URL };
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

/** An enrolment code for a device of `role`, made by the organizer through the API. */
export async function enrolmentCode(server: BenchServer, role: Role): Promise<string> {
  const response = await postJson(`${server.url}/api/enrolment-codes`, { role }, server.organizer.token);
  if (response.status !== 201) throw new Error(`enrolment code refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { code: string }).code;
}

/** Enrols a new device of `role`, with a code made by the organizer through the API. */
export async function enrolNew(server: BenchServer, role: Role, name: string): Promise<Enrolled> {
  return enrol(server.url, await enrolmentCode(server, role), name);
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
    bytes += Buffer.byteLength(text);
    pages += 1;
    changes += body.changes.length;
    cursor = body.nextCursor;
    if (!body.hasMore) return { ms: performance.now() - started, pages, changes, bytes };
  }
  throw new Error('pull did not end within 1000 pages');
}
