import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf } from '../../src/db/attendance.ts';
import { SCHEMA_VERSION } from '../../src/db/schema.ts';
import { LATEST_LAYOUT, type StoreLayout } from '../support/device-layout.ts';
import { E2E_BUILDS } from '../setup/build-apps.ts';
import { freePort } from '../support/free-port.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { ENGINES, openDevice, stopEngines, type EngineDevice } from './engines.ts';
import { screenText } from './page-queries.ts';

/*
 * A phone that ran a build of schema version 30 (one record per check-in and per participant; no
 * attendance, no blocks) opens this build. The upgrade (src/db/schema.ts) then runs in the engine the
 * phone has, and some of its steps wait for a request of their own to answer before they read what
 * an earlier step wrote: that relies on the order in which an engine answers the requests of an
 * upgrade. The unit tests run the steps on fake-indexeddb; this runs them in Chromium, Firefox and
 * WebKit, through the app, and finds every row again where the latest layout keeps it.
 */

/** The check-ins the old database holds: a repeat, a voided one, and one of another participant. */
const CHECKINS = [
  { id: 'c-1', participantId: 'p-1', stageId: 'stage-florac', deviceId: 'phone-florac', scannedAt: '2026-11-24T13:00:00.000Z', receivedAt: '2026-11-24T13:00:02.000Z', method: 'camera', voided: 0, voidedAt: null },
  { id: 'c-2', participantId: 'p-1', stageId: 'stage-florac', deviceId: 'phone-florac', scannedAt: '2026-11-24T13:05:00.000Z', receivedAt: null, method: 'scanner', voided: 0, voidedAt: null },
  { id: 'c-3', participantId: 'p-2', stageId: 'stage-florac', deviceId: 'phone-florac', scannedAt: '2026-11-24T13:06:00.000Z', receivedAt: null, method: 'search', voided: 1, voidedAt: '2026-11-24T13:07:00.000Z' },
  { id: 'c-4', participantId: 'p-3', stageId: 'stage-florac', deviceId: 'phone-2', scannedAt: '2026-11-24T14:00:00.000Z', receivedAt: '2026-11-24T14:00:01.000Z', method: 'camera', voided: 0, voidedAt: null },
];
const PARTICIPANTS = ['p-1', 'p-2', 'p-3'].map((id, i) => ({
  id,
  eventId: 'event-1',
  name: ['Hélène Martin', 'Jérôme Pagès', 'Chloé Rouvière'][i]!,
  organisation: 'Tiers-lieu de Florac',
  profile: 'habitant',
  email: null,
  badgeCode: `B${i + 1}`,
  origin: 'import',
  consent: true,
}));
const IDENTITY = { deviceId: 'phone-florac', token: 'token-florac', role: 'animator', name: 'Téléphone de Florac', eventId: 'event-1', eventSlug: 'tiers-lieux-lozere', stageId: 'stage-florac' };
/** An op this phone had not sent yet: it must still be waiting after the upgrade. */
const PENDING = { deviceId: 'phone-florac', seq: 2, opId: '8d2f5a0e-5b1c-4f8e-9a51-6a3c1f0b2e77', type: 'checkin.record', payload: { id: 'c-2' }, hlc: '001796594014535:00000:phone-florac', schemaVersion: 1 };
const OLD = { checkins: CHECKINS, participants: PARTICIPANTS, identity: IDENTITY, pending: PENDING };

/** In the page, before the app opens its database: the database as the builds of schema version 30 left it (the steps of schema.ts up to 30, by hand). */
function version30Database(old: typeof OLD): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.open('etape', 30);
    request.onupgradeneeded = () => {
      const db = request.result;
      const table = (name: string, keyPath: string | string[], indexes: Record<string, string | string[]> = {}, unique: string[] = []) => {
        const store = db.createObjectStore(name, { keyPath });
        for (const [index, path] of Object.entries(indexes)) store.createIndex(index, path, { unique: unique.includes(index) });
      };
      table('events', 'id', { slug: 'slug' }, ['slug']);
      table('stages', 'id', { eventId: 'eventId', startsAt: 'startsAt' });
      table('talks', 'id', { stageId: 'stageId', startsAt: 'startsAt' });
      table('participants', 'id', { eventId: 'eventId', badgeCode: 'badgeCode' });
      table('meta', 'key');
      table('checkins', 'id', {
        participantId: 'participantId',
        '[stageId+participantId]': ['stageId', 'participantId'],
        '[stageId+voided]': ['stageId', 'voided'],
        '[stageId+scannedAt]': ['stageId', 'scannedAt'],
      });
      table('feedback', 'id', { stageId: 'stageId' });
      table('outbox', ['deviceId', 'seq'], { opId: 'opId', deviceId: 'deviceId' }, ['opId']);
      table('forms', 'eventId');
      table('sent', ['deviceId', 'seq'], { ackedAt: 'ackedAt' });
    };
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(['events', 'stages', 'participants', 'checkins', 'meta', 'outbox'], 'readwrite');
      tx.objectStore('events').put({ id: 'event-1', slug: 'tiers-lieux-lozere', name: 'Tiers-lieux en Lozère', timeZone: 'Europe/Paris' });
      tx.objectStore('stages').put({ id: 'stage-florac', eventId: 'event-1', town: 'Florac', startsAt: '2026-11-24T12:00:00.000Z', endsAt: '2026-11-24T18:00:00.000Z' });
      for (const row of old.participants) tx.objectStore('participants').put(row);
      for (const row of old.checkins) tx.objectStore('checkins').put(row);
      tx.objectStore('meta').put({ key: 'device', value: old.identity });
      tx.objectStore('outbox').put(old.pending);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** In the page: a database at `version` with the stores and indexes of `layout`, holding `rows`. */
function databaseOfLayout({ version, layout, rows }: { version: number; layout: Record<string, StoreLayout>; rows: Record<string, unknown[]> }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const request = indexedDB.open('etape', version);
    request.onupgradeneeded = () => {
      for (const [name, { keyPath, autoIncrement, indexes }] of Object.entries(layout)) {
        const store = request.result.createObjectStore(name, { keyPath, autoIncrement });
        for (const { index, keyPath: path, unique, multiEntry } of indexes) store.createIndex(index, path, { unique, multiEntry });
      }
    };
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(Object.keys(rows), 'readwrite');
      for (const [table, values] of Object.entries(rows)) for (const value of values) tx.objectStore(table).put(value);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/**
 * In the page: who is present where, as the rows of `attendance` say it (participant → stage →
 * check-ins), what each participant's kind is in `participantKinds` (event → participant → kind),
 * and each row's fields, read with plain IndexedDB and the latest layout (src/db/schema.ts,
 * AttendanceRow and ParticipantKindsRow: ids joined by NUL, counts in a Uint32Array by position).
 */
function figureRows(): Promise<{ presence: Record<string, Record<string, number>>; kinds: Record<string, Record<string, string>>; fields: string[][] }> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('etape');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction(['attendance', 'participantKinds']);
      const attendance = tx.objectStore('attendance').getAll();
      const kindRows = tx.objectStore('participantKinds').getAll();
      tx.oncomplete = () => {
        db.close();
        const split = (joined: string) => (joined === '' ? [] : joined.split('\u0000'));
        const presence: Record<string, Record<string, number>> = {};
        const fields: string[][] = [];
        for (const row of attendance.result as { stages: string[]; ids: string; counts: Uint32Array }[]) {
          fields.push([...Object.keys(row).sort(), row.counts instanceof Uint32Array ? 'Uint32Array' : typeof row.counts]);
          split(row.ids).forEach((id, at) => {
            row.stages.forEach((stageId, i) => {
              const count = row.counts[at * row.stages.length + i]!;
              if (count > 0) (presence[id] ??= {})[stageId] = count;
            });
          });
        }
        const kinds: Record<string, Record<string, string>> = {};
        for (const row of kindRows.result as { lists: Record<string, { ids: string; kinds: string }> }[]) {
          fields.push(Object.keys(row).sort());
          for (const [eventId, list] of Object.entries(row.lists)) {
            const kindList = split(list.kinds);
            split(list.ids).forEach((id, at) => ((kinds[eventId] ??= {})[id] = kindList[at]!));
          }
        }
        resolve({ presence, kinds, fields });
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** In the page: the database's version, without opening it at any other. */
function databaseVersion(): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('etape');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const { version } = request.result;
      request.result.close();
      resolve(version);
    };
  });
}

/** In the page, once the app has upgraded it: what the database holds, read with plain IndexedDB. */
function upgradedRows(): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open('etape');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const tables = ['checkins', 'participants', 'stageCounts', 'meta', 'outbox'];
      const tx = db.transaction(tables, 'readonly');
      const all = (table: string) => tx.objectStore(table).getAll();
      const requests = Object.fromEntries(tables.map((table) => [table, all(table)]));
      const byId = tx.objectStore('checkins').index('id').count();
      const participantById = tx.objectStore('participants').index('id').get('p-2');
      tx.oncomplete = () => {
        db.close();
        const rows = (table: string) => requests[table]!.result as Record<string, unknown>[];
        const flat = (table: string) => rows(table).flatMap((block) => block.rows as Record<string, unknown>[]);
        resolve({
          version: db.version,
          checkins: flat('checkins').sort((a, b) => String(a.id).localeCompare(String(b.id))),
          checkinIds: byId.result,
          participants: flat('participants').sort((a, b) => String(a.id).localeCompare(String(b.id))),
          participantById: (participantById.result as { rows: { id: string }[] } | undefined)?.rows.find((row) => row.id === 'p-2'),
          stageCounts: rows('stageCounts'),
          device: rows('meta').find((row) => row.key === 'device')?.value,
          outbox: rows('outbox'),
        });
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

describe.each(ENGINES)('a database of schema version 30 upgraded by the app in %s', (engine) => {
  let server: ServerProcess | undefined;
  let device: EngineDevice | undefined;

  beforeAll(async () => {
    const env = {
      DATABASE_FILE: join(mkdtempSync(join(tmpdir(), `etape-e2e-upgrade-${engine}-`)), 'etape.sqlite'),
      DATABASE_URL: '',
      PORT: String(await freePort()),
      ETAPE_STATIC_DIR: E2E_BUILDS.v1.dir,
    };
    server = await startServerProcess(env);
  });
  afterAll(async () => {
    await device?.close().catch(() => undefined);
    await stopEngines();
    await server?.stop();
  });

  it('keeps every participant, check-in, the identity and the unsent op, each where the latest layout keeps it', async () => {
    device = await openDevice(engine);
    const { page } = device;
    // A page of the app's origin that does not run the app: the old database is made before the app opens it.
    await page.goto(`${server!.url}/icons/icon.svg`);
    await page.evaluate(version30Database, OLD);
    expect(await page.evaluate(databaseVersion, undefined)).toBe(30);

    // The app opens it (the settings read the identity): the upgrade runs, then the device's name shows.
    await page.goto(`${server!.url}/settings`);
    await expect.poll(() => page.evaluate(screenText, undefined), { timeout: 30_000 }).toContain(IDENTITY.name);
    await expect.poll(() => page.evaluate(databaseVersion, undefined), { timeout: 30_000 }).toBe(SCHEMA_VERSION);

    const after = await page.evaluate(upgradedRows, undefined);
    expect(after).toMatchObject({
      version: SCHEMA_VERSION,
      checkins: CHECKINS,
      checkinIds: CHECKINS.length,
      participants: PARTICIPANTS,
      participantById: PARTICIPANTS[1],
      stageCounts: [{ stageId: 'stage-florac', present: 2, scans: 3 }],
      device: IDENTITY,
      outbox: [PENDING],
    });
    const figures = await page.evaluate(figureRows, undefined);
    expect(figures.presence).toEqual({ 'p-1': { 'stage-florac': 2 }, 'p-3': { 'stage-florac': 1 } });
    expect(figures.kinds).toEqual({ 'event-1': { 'p-1': 'import habitant', 'p-2': 'import habitant', 'p-3': 'import habitant' } });
  });

  it('rewrites the rows of attendance and participantKinds of a version-90 database (an object with a key per participant) in the latest layout', async () => {
    await device?.close();
    device = await openDevice(engine);
    const { page } = device;
    // As the builds of version 90 left it: the latest layout but the attendance log (version 110);
    // attendance with each stage under each participant (rewritten by version 100, then 120), participant kinds by id (120).
    const layout = Object.fromEntries(Object.entries(LATEST_LAYOUT).filter(([table]) => table !== 'attendanceLog'));
    const attendance = [
      { bucket: bucketOf('p-1'), people: { 'p-1': { 'stage-florac': 2, 'stage-langogne': 1 } } },
      { bucket: bucketOf('p-2'), people: { 'p-2': { 'stage-langogne': 1 } } },
    ];
    const participantKinds = [
      { bucket: bucketOf('p-1'), events: { 'event-1': { 'p-1': 'import habitant' } } },
      { bucket: bucketOf('p-2'), events: { 'event-1': { 'p-2': 'walk-in pupil erased' } } },
    ];
    await page.goto(`${server!.url}/icons/icon.svg`);
    await page.evaluate(databaseOfLayout, { version: 90, layout, rows: { attendance, participantKinds, meta: [{ key: 'device', value: IDENTITY }] } });
    expect(await page.evaluate(databaseVersion, undefined)).toBe(90);

    await page.goto(`${server!.url}/settings`);
    await expect.poll(() => page.evaluate(screenText, undefined), { timeout: 30_000 }).toContain(IDENTITY.name);
    await expect.poll(() => page.evaluate(databaseVersion, undefined), { timeout: 30_000 }).toBe(SCHEMA_VERSION);
    const figures = await page.evaluate(figureRows, undefined);
    expect(figures.presence).toEqual({ 'p-1': { 'stage-florac': 2, 'stage-langogne': 1 }, 'p-2': { 'stage-langogne': 1 } });
    expect(figures.kinds).toEqual({ 'event-1': { 'p-1': 'import habitant', 'p-2': 'walk-in pupil erased' } });
    // Every row in the latest layout: none left with a key per participant.
    const rowFields = [['bucket', 'counts', 'ids', 'stages', 'Uint32Array'], ['bucket', 'lists']];
    expect(figures.fields.every((fields) => rowFields.some((expected) => JSON.stringify(expected) === JSON.stringify(fields)))).toBe(true);
    expect(figures.fields).toHaveLength(4);
  });
});
