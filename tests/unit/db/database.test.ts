import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, connection, read, write } from '../../../src/db/database.ts';
import { checkinsAt, getCheckin, latestCheckins } from '../../../src/db/checkin-store.ts';
import { VERSIONS, type CheckinRow } from '../../../src/db/schema.ts';

/*
 * The device database's schema and its upgrades (schema.ts, through database.ts): a new device
 * gets the latest layout; a device that ran an older build keeps its rows and gets the same layout.
 * The layout below is the one every shipped build created (the Dexie builds included, whose
 * IndexedDB versions were 10, 20 and 30): existing databases must open as they are.
 */

const index = (index: string, keyPath: string | string[], unique = false) => ({ index, keyPath, unique, multiEntry: false });
const LATEST_LAYOUT = {
  attendance: { keyPath: 'bucket', autoIncrement: false, indexes: [] },
  // Check-ins in blocks (src/db/checkin-store.ts): one index entry per row of a block.
  checkins: {
    keyPath: 'block',
    autoIncrement: true,
    indexes: [
      { index: 'id', keyPath: 'ids', unique: true, multiEntry: true },
      { index: 'times', keyPath: 'times', unique: false, multiEntry: true },
      { index: 'who', keyPath: 'who', unique: false, multiEntry: true },
    ],
  },
  events: { keyPath: 'id', autoIncrement: false, indexes: [index('slug', 'slug', true)] },
  feedback: { keyPath: 'id', autoIncrement: false, indexes: [index('stageId', 'stageId')] },
  forms: { keyPath: 'eventId', autoIncrement: false, indexes: [] },
  meta: { keyPath: 'key', autoIncrement: false, indexes: [] },
  outbox: { keyPath: ['deviceId', 'seq'], autoIncrement: false, indexes: [index('deviceId', 'deviceId'), index('opId', 'opId', true)] },
  participants: { keyPath: 'id', autoIncrement: false, indexes: [index('badgeCode', 'badgeCode'), index('eventId', 'eventId')] },
  participantKinds: { keyPath: 'bucket', autoIncrement: false, indexes: [] },
  sent: { keyPath: ['deviceId', 'seq'], autoIncrement: false, indexes: [index('ackedAt', 'ackedAt')] },
  stageCounts: { keyPath: 'stageId', autoIncrement: false, indexes: [] },
  stages: { keyPath: 'id', autoIncrement: false, indexes: [index('eventId', 'eventId'), index('startsAt', 'startsAt')] },
  talks: { keyPath: 'id', autoIncrement: false, indexes: [index('stageId', 'stageId'), index('startsAt', 'startsAt')] },
};

/** Opens `name` at `version` with plain IndexedDB, running `upgrade` if it is created or raised. */
function openAt(name: string, version: number, upgrade: (db: IDBDatabase) => void = () => undefined): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => upgrade(request.result);
    request.onblocked = () => reject(new Error('blocked by a connection that did not close'));
    request.onerror = () => reject(request.error);
    request.onsuccess = () => resolve(request.result);
  });
}

/** Every store of a database: key path, auto-increment, and each index's key path and flags. */
function layoutOf(db: IDBDatabase): Record<string, unknown> {
  const tx = db.transaction([...db.objectStoreNames], 'readonly');
  return Object.fromEntries(
    [...db.objectStoreNames].map((name) => {
      const store = tx.objectStore(name);
      const indexes = [...store.indexNames].map((index) => {
        const { keyPath, unique, multiEntry } = store.index(index);
        return { index, keyPath, unique, multiEntry };
      });
      return [name, { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes }];
    }),
  );
}

/** A database as the first build (IndexedDB version 10) made it, holding a programme, a participant and an identity. */
async function firstBuildDatabase(name: string): Promise<void> {
  const db = await openAt(name, 10, (created) => {
    const store = (table: string, keyPath: string, indexes: [string, boolean][]) => {
      const made = created.createObjectStore(table, { keyPath });
      for (const [field, unique] of indexes) made.createIndex(field, field, { unique });
    };
    store('events', 'id', [['slug', true]]);
    store('stages', 'id', [['eventId', false], ['startsAt', false]]);
    store('talks', 'id', [['stageId', false], ['startsAt', false]]);
    store('participants', 'id', [['eventId', false], ['badgeCode', true]]);
    store('meta', 'key', []);
  });
  const tx = db.transaction(['events', 'stages', 'participants', 'meta'], 'readwrite');
  tx.objectStore('events').put({ id: 'event-1', slug: 'tiers-lieux-lozere', name: 'Tiers-lieux' });
  tx.objectStore('stages').put({ id: 'stage-florac', eventId: 'event-1', startsAt: '2026-11-24T08:00:00.000Z' });
  tx.objectStore('participants').put({ id: 'p-1', eventId: 'event-1', name: 'Hélène', badgeCode: 'B1' });
  tx.objectStore('meta').put({ key: 'kiosk-settings', value: { stageId: 'stage-florac' } });
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('the device database', () => {
  it('creates a new device database at the latest version with every table, key and index', async () => {
    const opened = await connection({ name: `test-${crypto.randomUUID()}` });
    expect(opened.version).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(80);
    expect(layoutOf(opened as unknown as IDBDatabase)).toEqual(LATEST_LAYOUT);
  });

  it('upgrades a database of the first build in place: its rows are kept, its layout becomes the latest', async () => {
    const name = `test-${crypto.randomUUID()}`;
    await firstBuildDatabase(name);
    const opened = await connection({ name });
    expect(opened.version).toBe(SCHEMA_VERSION);
    expect(layoutOf(opened as unknown as IDBDatabase)).toEqual(LATEST_LAYOUT);
    const kept = await read({ name }, ['events', 'stages', 'participants', 'meta', 'outbox'], async (tx) => ({
      event: await tx.objectStore('events').index('slug').get('tiers-lieux-lozere'),
      stages: await tx.objectStore('stages').index('eventId').count('event-1'),
      byBadge: await tx.objectStore('participants').index('badgeCode').getAll('B1'),
      kiosk: await tx.objectStore('meta').get('kiosk-settings'),
      outbox: await tx.objectStore('outbox').count(),
    }));
    expect(kept).toMatchObject({ event: { id: 'event-1' }, stages: 1, byBadge: [{ id: 'p-1', name: 'Hélène' }], kiosk: { value: { stageId: 'stage-florac' } }, outbox: 0 });
  });

  it('no longer refuses two participants with the same badge code once upgraded (a pull must not fail on it)', async () => {
    const name = `test-${crypto.randomUUID()}`;
    await firstBuildDatabase(name);
    await write({ name }, ['participants'], async (tx) => {
      await tx.objectStore('participants').put({ id: 'p-2', eventId: 'event-1', name: 'Anne', badgeCode: 'B1' } as never);
    });
    expect(await read({ name }, ['participants'], (tx) => tx.objectStore('participants').index('badgeCode').count('B1'))).toBe(2);
  });

  it('opens a database a newer build raised as it is, and steps aside when another connection asks for a new version', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const before = await connection({ name });
    const upgraded = await openAt(name, SCHEMA_VERSION + 10); // a newer build, in another tab
    upgraded.close();
    expect(() => before.transaction('meta')).toThrow(); // closed, so the upgrade was not blocked
    expect((await connection({ name })).version).toBe(SCHEMA_VERSION + 10);
    expect(await read({ name }, ['meta'], (tx) => tx.objectStore('meta').count())).toBe(0);
  });

  it('upgrades check-in blocks of version 70 (pair keys) to string keys: every check-in is found again by participant and by time', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const row = (id: string, participantId: string, stageId: string, scannedAt: string): CheckinRow => ({ id, participantId, stageId, deviceId: 'phone-florac', scannedAt, receivedAt: null, method: 'camera', voided: 0, voidedAt: null });
    const rows = [row('c-1', 'p-1', 'stage-florac', '2026-11-26T13:02:00.000Z'), row('c-2', 'p-2', 'stage-florac', '2026-11-26T13:05:00.000Z'), row('c-3', 'p-1', 'stage-mende', '2026-11-27T09:00:00.000Z')];
    // Version 70's layout, made by the versions up to it, and a block as version 70 wrote it: pairs as keys.
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 70);
      request.onupgradeneeded = () => {
        for (const step of VERSIONS.filter(({ version }) => version <= 70)) step.upgrade(request.result, request.transaction!);
        const tx = request.transaction!;
        // Once version 60 has made the blocks' table (when its read answers: schema.ts).
        tx.objectStore('meta').count().onsuccess = () => tx.objectStore('checkins').add({ rows, ids: rows.map((r) => r.id), who: rows.map((r) => [r.stageId, r.participantId]), times: rows.map((r) => [r.stageId, r.scannedAt]) });
      };
      request.onerror = () => reject(request.error);
      request.onsuccess = () => resolve(request.result);
    });
    old.close();
    const opened = await connection({ name });
    expect(layoutOf(opened as unknown as IDBDatabase)).toEqual(LATEST_LAYOUT);
    const found = await read({ name }, ['checkins'], async (tx) => ({
      florac: (await checkinsAt(tx, 'stage-florac', 'p-1')).map((r) => r.id),
      mende: (await checkinsAt(tx, 'stage-mende', 'p-1')).map((r) => r.id),
      latest: (await latestCheckins(tx, 'stage-florac', 5)).map((r) => r.id),
      byId: (await getCheckin(tx, 'c-2'))?.participantId,
    }));
    expect(found).toEqual({ florac: ['c-1'], mende: ['c-3'], latest: ['c-2', 'c-1'], byId: 'p-2' });
  });
});
