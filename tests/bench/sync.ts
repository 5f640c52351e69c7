// fake-indexeddb must be loaded before the device database's modules: they use the global indexedDB.
import 'fake-indexeddb/auto';
import { recordCheckin } from '../../src/db/checkins.ts';
import { saveDeviceIdentity } from '../../src/db/device.ts';
import { countPending, pendingBatch } from '../../src/db/outbox.ts';
import { DeviceDatabase } from '../support/device-database.ts';
import { pull } from '../../src/sync/pull.ts';
import { push } from '../../src/sync/push.ts';
import { parsePullResponse } from '../../src/sync/responses.ts';
import { PULL_MAX_LIMIT, PUSH_MAX_OPS } from '../../src/shared/protocol.ts';
import type { BenchContext, BenchModule, BudgetCheck } from './context.ts';
import { median, verdict } from './stats.ts';
import {
  checkinOps,
  demoIds,
  enrolNew,
  monotonicMicros,
  postgresAvailable,
  profileByCategory,
  pullRaw,
  pushRaw,
  readServerProfile,
  startBenchServer,
  type BenchServer,
  type Engine,
  type Enrolled,
} from './sync-http.ts';

const PUSH_OPS = 10_000;
const PUSH_BUDGET_MS = 3_000;
const PULL_BUDGET_MS = 5_000;
const RAW_BATCH = 1000;
/** Ops per repetition: PostgreSQL is slower, and the whole module should stay within about 3 minutes. */
const THROUGHPUT_OPS: Record<Engine, number> = { sqlite: 10_000, postgres: 5_000 };
const THROUGHPUT_REPS = 3;
const PROFILE_OPS = 5_000;
/** A first batch that compiles the server's hot paths (JIT) before anything is timed, as on a server that has been up. */
const WARM_UP_OPS = RAW_BATCH;
/** What the SQLite server holds when the new device pulls: warm-up, push(), the server-only batches, the throughput repetitions. */
const PULL_CHECKINS = WARM_UP_OPS + PUSH_OPS + PUSH_OPS + THROUGHPUT_OPS.sqlite * THROUGHPUT_REPS;

type Ids = Awaited<ReturnType<typeof demoIds>>;

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
const rate = (count: number, millis: number) => `${Math.round((count / millis) * 1000).toLocaleString('en-US')}`;
const share = (part: number, whole: number) => `${Math.round((part / whole) * 100)} %`;

/** `fetch`, timing each request until its whole body is read (then handed over as a new Response). */
function timedFetch(times: number[]): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const started = performance.now();
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    times.push(performance.now() - started);
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }) as typeof fetch;
}

/** A device database on fake-indexeddb holding `enrolled`'s identity. */
async function deviceDatabase(enrolled: Enrolled, name: string): Promise<DeviceDatabase> {
  const db = new DeviceDatabase(`bench-${name}-${crypto.randomUUID()}`);
  await saveDeviceIdentity(db, {
    deviceId: enrolled.deviceId,
    token: enrolled.token,
    role: enrolled.role,
    name,
    eventId: enrolled.event.id,
    eventSlug: enrolled.event.slug,
    stageId: enrolled.stageId,
  });
  return db;
}

interface ClientPush {
  recordMs: number;
  totalMs: number;
  requests: number[];
  batchReadMs: number;
  countMs: number;
  serverOnly: number[];
  warmUpMs?: number;
}

/** 1. 10,000 check-ins recorded on a device (not timed), then push() until the outbox is empty. */
async function measureClientPush(context: BenchContext, server: BenchServer, ids: Ids): Promise<ClientPush> {
  const phone = await enrolNew(server, 'animator', 'bench phone');
  const db = await deviceDatabase(phone, 'push');
  context.defer(() => db.delete());
  let started = performance.now();
  for (let i = 0; i < PUSH_OPS; i += 1) {
    await recordCheckin(db, { participantId: ids.participants[i % ids.participants.length]!, stageId: ids.stages[i % ids.stages.length]!, method: 'camera' });
  }
  const recordMs = performance.now() - started;
  context.log(`sync: recorded ${PUSH_OPS} check-ins on fake-indexeddb in ${ms(recordMs)}`);
  if ((await countPending(db)) !== PUSH_OPS) throw new Error('the outbox does not hold the recorded ops');

  // What push() reads before each batch, timed alone (read-only: the outbox is unchanged).
  started = performance.now();
  await pendingBatch(db, phone.deviceId, PUSH_MAX_OPS);
  const batchReadMs = performance.now() - started;
  started = performance.now();
  await countPending(db);
  const countMs = performance.now() - started;

  const requests: number[] = [];
  started = performance.now();
  const result = await push({ db, baseUrl: server.url, token: phone.token, fetchImpl: timedFetch(requests) });
  const totalMs = performance.now() - started;
  const left = await countPending(db);
  if (left !== 0 || result.acked !== PUSH_OPS || result.rejections.length > 0) {
    throw new Error(`push left ${left} ops, acked ${result.acked}, ${result.rejections.length} rejections`);
  }
  context.log(`sync: push() of ${PUSH_OPS} ops in ${ms(totalMs)} (${requests.length} requests, ${ms(sum(requests))} in HTTP)`);

  // The same number of ops, as raw JSON batches from another device: the server and HTTP alone.
  const other = await enrolNew(server, 'animator', 'bench raw');
  const serverOnly = await pushRaw(server.url, other.token, checkinOps(other.deviceId, 1, PUSH_OPS, ids), RAW_BATCH);
  context.log(`sync: raw push of ${PUSH_OPS} ops in ${ms(sum(serverOnly))}`);
  return { recordMs, totalMs, requests, batchReadMs, countMs, serverOnly };
}

/** One untimed batch from a device of its own, so that the timed pushes meet a server whose JIT has compiled its hot paths. */
async function warmUp(server: BenchServer, ids: Ids): Promise<number> {
  const device = await enrolNew(server, 'animator', 'bench warm-up');
  return sum(await pushRaw(server.url, device.token, checkinOps(device.deviceId, 1, WARM_UP_OPS, ids), RAW_BATCH));
}

interface Throughput {
  engine: Engine;
  reps: number[];
  batches: number[];
  skipped?: string;
}

/** 2. Raw batches of 1000 check-in ops from one new device: 3 repetitions of 10,000 ops. */
async function measureThroughput(context: BenchContext, server: BenchServer, ids: Ids): Promise<Throughput> {
  const device = await enrolNew(server, 'animator', `bench ${server.engine}`);
  const count = THROUGHPUT_OPS[server.engine];
  const reps: number[] = [];
  const batches: number[] = [];
  for (let rep = 0; rep < THROUGHPUT_REPS; rep += 1) {
    const times = await pushRaw(server.url, device.token, checkinOps(device.deviceId, rep * count + 1, count, ids), RAW_BATCH);
    reps.push(sum(times));
    batches.push(...times);
    context.log(`sync: ${server.engine} rep ${rep + 1}: ${count} ops in ${ms(sum(times))}`);
  }
  return { engine: server.engine, reps, batches };
}

/** Throughput on a fresh PostgreSQL database (created and dropped here), or why it was not measured. */
async function measurePostgres(context: BenchContext): Promise<Throughput> {
  const { ok, url } = await postgresAvailable();
  if (!ok) return { engine: 'postgres', reps: [], batches: [], skipped: `PostgreSQL did not answer at ${url}` };
  const server = await startBenchServer(context, 'postgres');
  try {
    return await measureThroughput(context, server, await demoIds(server));
  } finally {
    await server.stop();
  }
}

interface ClientPull {
  changes: number;
  totalMs: number;
  requests: number[];
  pages: number;
  parseMsPerPage: number;
  raw1000: Awaited<ReturnType<typeof pullRaw>>;
  rawMax: Awaited<ReturnType<typeof pullRaw>>;
}

/** 3. A brand-new organizer device pulls everything the server holds (the 50,000 check-ins pushed above). */
async function measurePull(context: BenchContext, server: BenchServer): Promise<ClientPull> {
  const fresh = await enrolNew(server, 'organizer', 'bench new tablet');
  const db = await deviceDatabase(fresh, 'pull');
  context.defer(() => db.delete());
  const requests: number[] = [];
  let pages = 0;
  const started = performance.now();
  const progress = await pull({ db, baseUrl: server.url, token: fresh.token, fetchImpl: timedFetch(requests), onProgress: () => (pages += 1) });
  const totalMs = performance.now() - started;
  const checkins = await db.checkins.count();
  if (checkins !== PULL_CHECKINS) throw new Error(`the new device holds ${checkins} check-ins, not ${PULL_CHECKINS}`);
  context.log(`sync: pull() of ${progress.applied} changes in ${ms(totalMs)} (${pages} pages, ${ms(sum(requests))} in HTTP)`);

  // The server alone: the same pages fetched and parsed by fetch, no IndexedDB.
  const raw1000 = await pullRaw(server.url, fresh.token, 1000);
  const rawMax = await pullRaw(server.url, fresh.token, PULL_MAX_LIMIT);
  context.log(`sync: raw pull ${ms(raw1000.ms)} (limit 1000), ${ms(rawMax.ms)} (limit ${PULL_MAX_LIMIT})`);

  // JSON parsing and schema validation of one full page, as pull() does it (readJson + parsePullResponse).
  const response = await fetch(`${server.url}/api/sync/pull?cursor=0&limit=${PULL_MAX_LIMIT}`, {
    headers: { accept: 'application/json', authorization: `Bearer ${fresh.token}` },
  });
  const text = await response.text();
  const parseTimes: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const t = performance.now();
    parsePullResponse(JSON.parse(text));
    parseTimes.push(performance.now() - t);
  }
  return { changes: progress.applied, totalMs, requests, pages, parseMsPerPage: median(parseTimes), raw1000, rawMax };
}

const SERVER_CATEGORIES = {
  prepare: 'better-sqlite3 preparing each statement anew (`prepare`)',
  sqlite: 'SQLite running the statements (better-sqlite3 calls from Kysely\'s driver)',
  kysely: 'Kysely building, transforming (CamelCasePlugin) and compiling queries',
  app: 'Étape server code (src/server, src/shared)',
  valibot: 'valibot validation',
  gc: 'garbage collection',
  runtime: 'HTTP, JSON and the Node runtime (Hono, node:*, promises)',
  other: 'other',
  idle: 'idle (waiting for the bench\'s next request)',
} as const;
type ServerCategory = keyof typeof SERVER_CATEGORIES;

function serverCategory({ functionName, url }: { functionName: string; url: string }): ServerCategory {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'gc';
  if (url.includes('/better-sqlite3/') && functionName === 'prepare') return 'prepare';
  if (url.includes('/better-sqlite3/') || /\/kysely\/dist\/\w+\/dialect\/sqlite\/sqlite-driver/.test(url)) return 'sqlite';
  if (url.includes('/kysely/')) return 'kysely';
  if (url.includes('/valibot/')) return 'valibot';
  if (url.includes('/src/server/') || url.includes('/src/shared/')) return 'app';
  if (url.includes('/hono/') || url.includes('/@hono/') || url.startsWith('node:') || url === '') return 'runtime';
  return 'other';
}

interface ServerProfile {
  windowMs: number;
  ops: number;
  byCategory: Map<string, number>;
}

/** Where a SQLite server's time goes while it applies raw push batches: a separate server under --cpu-prof. */
async function profileServerPush(context: BenchContext): Promise<ServerProfile> {
  const profileDir = context.tempDir('sync-profile');
  const server = await startBenchServer(context, 'sqlite', profileDir);
  const ids = await demoIds(server);
  const device = await enrolNew(server, 'animator', 'bench profiled');
  await pushRaw(server.url, device.token, checkinOps(device.deviceId, 1, WARM_UP_OPS, ids), RAW_BATCH);
  const ops = checkinOps(device.deviceId, WARM_UP_OPS + 1, PROFILE_OPS, ids);
  const from = monotonicMicros();
  await pushRaw(server.url, device.token, ops, RAW_BATCH);
  const to = monotonicMicros();
  await server.stop();
  const byCategory = profileByCategory(readServerProfile(profileDir, server.server.child.pid!), from, to, serverCategory);
  return { windowMs: (to - from) / 1000, ops: PROFILE_OPS, byCategory };
}

function profileSummary(profile: ServerProfile): { busyMs: number; perOpUs: number; share: (keys: ServerCategory[]) => number } {
  const busyMs = sum([...profile.byCategory].filter(([key]) => key !== 'idle').map(([, value]) => value));
  const share = (keys: ServerCategory[]) => sum(keys.map((key) => profile.byCategory.get(key) ?? 0)) / busyMs;
  return { busyMs, perOpUs: (busyMs / profile.ops) * 1000, share };
}

function pushSection(p: ClientPush, profile: ServerProfile, budgets: BudgetCheck[]): string {
  const pass = p.totalMs <= PUSH_BUDGET_MS;
  const serverOnlyMs = sum(p.serverOnly);
  const rawPass = serverOnlyMs <= PUSH_BUDGET_MS;
  budgets.push({ what: `10,000 queued ops pushed to SQLite on loopback ≤ 3 s (push(), fake-indexeddb): ${ms(p.totalMs)}`, pass });
  const http = sum(p.requests);
  const client = p.totalMs - http;
  const batches = p.requests.length;
  const { busyMs, perOpUs, share: cpuShare } = profileSummary(profile);
  const pct = (value: number) => `${Math.round(value * 100)} %`;
  const analysis: string[] = [];
  if (pass) {
    analysis.push(`The budget is met with ${ms(PUSH_BUDGET_MS - p.totalMs)} to spare.`);
  } else {
    analysis.push(
      `**The budget is missed by ${ms(p.totalMs - PUSH_BUDGET_MS)}** (${(p.totalMs / PUSH_BUDGET_MS).toFixed(1)}× the budget). ` +
        `The server side alone (raw batches) takes ${ms(serverOnlyMs)}, ${rawPass ? 'within' : `also over the budget, by ${ms(serverOnlyMs - PUSH_BUDGET_MS)}`}.`,
    );
  }
  analysis.push(
    `Where the time of push() goes: ${share(http, p.totalMs)} in the ${batches} HTTP round trips (the server validating, applying and ` +
      `committing each batch of ${PUSH_MAX_OPS} in one transaction, plus loopback; median ${ms(median(p.requests))} a request), ` +
      `${share(client, p.totalMs)} on the client ` +
      `(${ms(client / batches)} per batch: reading the batch from the outbox, about ${ms(p.batchReadMs)} on a full outbox; counting ` +
      `what waits, about ${ms(p.countMs)}; serialising; the acknowledgement transaction that deletes ${PUSH_MAX_OPS} ops).`,
  );
  if (client > http) {
    analysis.push(
      'The client side dominates, and it runs on fake-indexeddb (a pure-JavaScript IndexedDB in Node), which is much slower than ' +
        "a browser's native IndexedDB: the server-only figure is the better estimate of what the server costs.",
    );
  } else {
    analysis.push(
      `The server dominates. Its CPU profile (below) shows it busy ${pct(busyMs / profile.windowMs)} of the time, about ` +
        `${Math.round(perOpUs)} µs of CPU per op, of which ${pct(cpuShare(['kysely', 'prepare']))} is query overhead rather than SQLite work ` +
        `(Kysely building, transforming and compiling queries; prepared statements are reused) and ${pct(cpuShare(['sqlite']))} is SQLite ` +
        'running the statements. The server (src/server/sync) checks each op in memory (lookups remembered for the batch) and writes ' +
        'a batch\'s check-ins, their changes and its op log in one statement per table (src/server/sync/checkin-batch.ts, insert-rows.ts); ' +
        'other op types still take a few single-row statements each. ' +
        (pass
          ? 'Fewer statements per op (set-based checks and multi-row inserts per batch) and queries compiled once would be the next steps if the budget tightens.'
          : `To meet the budget the server would need about ${Math.round((PUSH_BUDGET_MS * 1000) / PUSH_OPS - (client / PUSH_OPS) * 1000)} µs per op ` +
            `with this client, against ${Math.round((serverOnlyMs / PUSH_OPS) * 1000)} µs now (raw batches): fewer statements per op (set-based ` +
            'checks and multi-row inserts per batch) and queries compiled once rather than built by Kysely for every op are where the time is.'),
    );
  }
  const profileRows = (Object.keys(SERVER_CATEGORIES) as ServerCategory[])
    .filter((key) => (profile.byCategory.get(key) ?? 0) > 0)
    .map((key) => {
      const value = profile.byCategory.get(key) ?? 0;
      const busy = key === 'idle' ? '' : pct(value / busyMs);
      const perOp = key === 'idle' ? '' : `${Math.round((value / profile.ops) * 1000)} µs`;
      return `| ${SERVER_CATEGORIES[key]} | ${ms(value)} | ${busy} | ${perOp} |`;
    });
  return [
    '### Push: 10,000 queued ops from one device, SQLite on loopback',
    '',
    `A fresh SQLite server first applies one untimed warm-up batch of ${WARM_UP_OPS} ops from a device of its own, as a server that has`,
    `been up would have compiled its hot paths (that cold first batch took ${ms(p.warmUpMs ?? 0)}). An animator device is then enrolled`,
    'over HTTP (code made by the organizer through `POST /api/enrolment-codes`). Its database is',
    'the real device database schema on fake-indexeddb; 10,000 check-ins are recorded with `recordCheckin` (not timed), then',
    "`push({ db, baseUrl, token })` of src/sync/push.ts is timed until the outbox is empty: the client's own batching",
    `(${PUSH_MAX_OPS} ops a request), real HTTP to the server process. Its fetch is wrapped only to time each request until its`,
    'body is read. Server only: the same number of check-in ops from a second device, POSTed as raw JSON batches of',
    `${RAW_BATCH} with fetch (bodies serialised beforehand; the HTTP round trips are timed).`,
    '',
    '| measure | figure | ops/s | budget | result |',
    '|---|---:|---:|---|---|',
    `| push() of 10,000 ops, client on fake-indexeddb | ${ms(p.totalMs)} | ${rate(PUSH_OPS, p.totalMs)} | ≤ 3 s | ${verdict(pass)} |`,
    `| — of which HTTP round trips (${batches}) | ${ms(http)} | | | |`,
    `| — of which client work (outbox reads, JSON, acknowledgements) | ${ms(client)} | | | |`,
    `| server only: 10,000 ops as raw batches of ${RAW_BATCH} | ${ms(serverOnlyMs)} | ${rate(PUSH_OPS, serverOnlyMs)} | (≤ 3 s) | ${verdict(rawPass)} |`,
    `| recording the 10,000 check-ins with recordCheckin (not in the budget) | ${ms(p.recordMs)} | ${rate(PUSH_OPS, p.recordMs)} | | |`,
    '',
    analysis.join(' '),
    '',
    `Server CPU profile: a separate fresh SQLite server process under \`node --cpu-prof\` receives a warm-up batch, then ${profile.ops.toLocaleString('en-US')}`,
    `check-in ops as raw batches of ${RAW_BATCH} (${ms(profile.windowMs)} under the profiler); the samples taken while those were sent are summed`,
    "by self time. A native call is counted in the JavaScript function that made it (so SQLite's own work shows in Kysely's driver).",
    '',
    '| where the server spends its time | total | share of busy time | per op |',
    '|---|---:|---:|---:|',
    ...profileRows,
  ].join('\n');
}

function throughputSection(results: Throughput[]): string {
  const rows = results.map((t) => {
    const name = t.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    if (t.skipped) return `| ${name} | not measured: ${t.skipped} | | | | | | |`;
    const count = THROUGHPUT_OPS[t.engine];
    const reps = t.reps.map((r) => `${rate(count, r)} (${ms(r)})`);
    const perOp = Math.round((median(t.reps) / count) * 1000).toLocaleString('en-US');
    return `| ${name} | ${count.toLocaleString('en-US')} | ${reps.join(' | ')} | **${rate(count, median(t.reps))}** | ${ms(median(t.batches))} | ${perOp} µs |`;
  });
  const [sqlite, postgres] = [results.find((t) => t.engine === 'sqlite'), results.find((t) => t.engine === 'postgres')];
  const comparison: string[] = [];
  if (sqlite?.reps.length && postgres?.reps.length) {
    const ratio = median(postgres.reps) / THROUGHPUT_OPS.postgres / (median(sqlite.reps) / THROUGHPUT_OPS.sqlite);
    comparison.push(
      '',
      `PostgreSQL takes ${ratio.toFixed(1)}× as long per op as SQLite here. A batch of check-ins is a handful of multi-row statements,`,
      'but on PostgreSQL each is a round trip to another process competing for the same 2 cores, where SQLite runs in the server',
      'process. On both engines a batch holds the change log\'s lock for its whole transaction (an advisory lock on PostgreSQL, the',
      'single writer on SQLite), so pushes from several devices at once take turns (waiting in the server process, holding no',
      'database connection) rather than add up: see "Sync under a crowd" below.',
    );
  }
  return [
    '### Push throughput, SQLite and PostgreSQL',
    '',
    'One new animator device per engine. A repetition is new check-in ops POSTed as raw JSON batches of',
    `${RAW_BATCH} over HTTP, one after the other; the figure is ops over the sum of the HTTP round trips. SQLite: the server`,
    `of the push measurement above (warm; it already holds ${(WARM_UP_OPS + 2 * PUSH_OPS).toLocaleString('en-US')} check-ins). PostgreSQL: a fresh server`,
    'process on a new database of the local cluster (demo week seeded, cold: its first repetition includes the JIT warming',
    'up), dropped afterwards. Repetitions are shorter on PostgreSQL to keep the module within about 3 minutes.',
    '',
    '| engine | ops per rep | rep 1 ops/s | rep 2 ops/s | rep 3 ops/s | median ops/s | median per batch of 1000 | per op |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    ...comparison,
  ].join('\n');
}

function pullSection(p: ClientPull, budgets: BudgetCheck[]): string {
  const pass = p.totalMs <= PULL_BUDGET_MS;
  budgets.push({ what: `fresh device pulls 50,000 changes ≤ 5 s (pull(), fake-indexeddb): ${ms(p.totalMs)}`, pass });
  const http = sum(p.requests);
  const client = p.totalMs - http;
  const parse = Math.min(client, p.parseMsPerPage * p.pages);
  const apply = client - parse;
  const analysis: string[] = [];
  if (pass) analysis.push(`The budget is met with ${ms(PULL_BUDGET_MS - p.totalMs)} to spare.`);
  else {
    analysis.push(
      `**The budget is missed by ${ms(p.totalMs - PULL_BUDGET_MS)}** (${(p.totalMs / PULL_BUDGET_MS).toFixed(2)}× the budget). ` +
        `The server alone serves every page in ${ms(p.rawMax.ms)} (limit ${PULL_MAX_LIMIT}, as the client asks) or ${ms(p.raw1000.ms)} (limit 1000).`,
    );
  }
  analysis.push(
    `Where the time of pull() goes: ${share(http, p.totalMs)} in the ${p.requests.length} HTTP requests (the server's query and ` +
      `JSON, transfer), about ${share(parse, p.totalMs)} parsing and validating the pages on the client ` +
      `(${ms(p.parseMsPerPage)} for a page of ${PULL_MAX_LIMIT}), and about ${share(apply, p.totalMs)} applying them to IndexedDB ` +
      `(one transaction per page, through src/db/database.ts: a put for each of up to ${PULL_MAX_LIMIT} check-ins, all issued at once, into a table with four indexes, the cursor, the clock).`,
  );
  if (apply > http) {
    analysis.push(
      "The IndexedDB side dominates, on fake-indexeddb, a pure-JavaScript IndexedDB in Node (its binary-tree index inserts) that is much slower than a " +
        "browser's native one: the figure is an upper bound for this client code; a browser run is needed for a phone's figure.",
    );
  }
  return [
    '### Pull: a fresh device pulls 50,000 changes, SQLite',
    '',
    `The server of the push measurements now holds ${PULL_CHECKINS.toLocaleString('en-US')} check-ins (${PUSH_OPS.toLocaleString('en-US')} pushed by push(), the rest by the raw`,
    'batches, warm-up included). A brand-new organizer device (enrolled over HTTP, its database on fake-indexeddb) runs `pull({ db, baseUrl, token })` of',
    `src/sync/pull.ts to the end: its own page size (limit ${PULL_MAX_LIMIT}), each page applied with its cursor in one transaction.`,
    'Its fetch is wrapped only to time each request until its body is read. The change count includes the demo week (event,',
    "stages, talks, participants), a little more than the budget's 50,000. Server only: the same pages fetched sequentially",
    'with fetch and `JSON.parse`, no IndexedDB.',
    '',
    '| measure | figure | changes/s | budget | result |',
    '|---|---:|---:|---|---|',
    `| pull() of ${p.changes.toLocaleString('en-US')} changes (${p.pages} pages), client on fake-indexeddb | ${ms(p.totalMs)} | ${rate(p.changes, p.totalMs)} | ≤ 5 s | ${verdict(pass)} |`,
    `| — of which HTTP requests | ${ms(http)} | | | |`,
    `| — of which parsing and validating pages (estimate) | ${ms(parse)} | | | |`,
    `| — of which applying pages to IndexedDB (the rest) | ${ms(apply)} | | | |`,
    `| server only, limit 1000 (${p.raw1000.pages} pages, ${(p.raw1000.bytes / 1024 / 1024).toFixed(1)} MB of JSON) | ${ms(p.raw1000.ms)} | ${rate(p.raw1000.changes, p.raw1000.ms)} | | |`,
    `| server only, limit ${PULL_MAX_LIMIT} (${p.rawMax.pages} pages) | ${ms(p.rawMax.ms)} | ${rate(p.rawMax.changes, p.rawMax.ms)} | | |`,
    '',
    analysis.join(' '),
  ].join('\n');
}

/** Push and pull with the real client code (fake-indexeddb) and the real server process. */
export const syncBench: BenchModule = {
  name: 'sync',
  async run(context) {
    const budgets: BudgetCheck[] = [];

    // One SQLite server for the push budget, SQLite throughput and then the pull of what they pushed.
    const sqlite = await startBenchServer(context, 'sqlite');
    const ids = await demoIds(sqlite);
    const warmUpMs = await warmUp(sqlite, ids);
    context.log(`sync: warm-up batch of ${WARM_UP_OPS} ops in ${ms(warmUpMs)}`);
    const clientPush = { ...(await measureClientPush(context, sqlite, ids)), warmUpMs };
    const throughput = [await measureThroughput(context, sqlite, ids)];
    const clientPull = await measurePull(context, sqlite);
    await sqlite.stop();

    throughput.push(await measurePostgres(context));
    const profile = await profileServerPush(context);

    const markdown = [
      '## Sync',
      '',
      'The real server (`etape serve` as a process, NODE_ENV=production, LOG_LEVEL=warn, demo week seeded, no app served) on',
      "loopback, and the real client code of src/sync and src/db in the bench's Node process. Caveats: the machine has 2 cores",
      'shared by the bench, the server process and PostgreSQL (and whatever else runs: see the load average above); the device',
      "database (src/db/schema.ts, reached through src/db/database.ts) is on **fake-indexeddb** in Node, not a browser's",
      'IndexedDB: fake-indexeddb is a pure-JavaScript',
      "implementation, much slower than a browser's native one, so the client-side figures are pessimistic, and the server-only",
      'figures show what the server and HTTP cost alone. One run each (throughput: three repetitions, median).',
      '',
      pushSection(clientPush, profile, budgets),
      '',
      throughputSection(throughput),
      '',
      pullSection(clientPull, budgets),
    ].join('\n');
    return { markdown, budgets };
  },
};
