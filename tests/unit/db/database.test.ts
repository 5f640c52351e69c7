import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, connection, read, write } from '../../../src/db/database.ts';
import { checkinsAt, getCheckin, latestCheckins } from '../../../src/db/checkin-store.ts';
import { PARTICIPANT_TABLES, readParticipantKinds, storeParticipants } from '../../../src/db/participant-kinds.ts';
import { getParticipant, participantsOf } from '../../../src/db/participant-store.ts';
import type { CheckinRow, ParticipantRow } from '../../../src/db/schema.ts';
import { LATEST_LAYOUT } from '../../support/device-layout.ts';
import { databaseAt } from './test-db.ts';

/*
 * The device database's schema and its upgrades (schema.ts, through database.ts): a new device
 * gets the latest layout; a device that ran an older build keeps its rows and gets the same layout.
 * The layout below is the one every shipped build created (the Dexie builds included, whose
 * IndexedDB versions were 10, 20 and 30): existing databases must open as they are.
 */

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
    expect(SCHEMA_VERSION).toBe(120);
    expect(layoutOf(opened as unknown as IDBDatabase)).toEqual(LATEST_LAYOUT);
  });

  it('upgrades a database of the first build in place: its rows are kept, its layout becomes the latest', async () => {
    const name = `test-${crypto.randomUUID()}`;
    await firstBuildDatabase(name);
    const opened = await connection({ name });
    expect(opened.version).toBe(SCHEMA_VERSION);
    expect(layoutOf(opened as unknown as IDBDatabase)).toEqual(LATEST_LAYOUT);
    const kept = await read({ name }, ['events', 'stages', 'participants', 'participantKinds', 'meta', 'outbox'], async (tx) => ({
      event: await tx.objectStore('events').index('slug').get('tiers-lieux-lozere'),
      stages: await tx.objectStore('stages').index('eventId').count('event-1'),
      ofEvent: await participantsOf(tx, 'event-1'),
      byId: await getParticipant(tx, 'p-1'),
      kinds: await readParticipantKinds(tx, 'event-1'),
      kiosk: await tx.objectStore('meta').get('kiosk-settings'),
      outbox: await tx.objectStore('outbox').count(),
    }));
    expect(kept).toMatchObject({ event: { id: 'event-1' }, stages: 1, ofEvent: [{ id: 'p-1', name: 'Hélène' }], byId: { id: 'p-1', badgeCode: 'B1' }, kinds: [{ id: 'p-1' }], kiosk: { value: { stageId: 'stage-florac' } }, outbox: 0 });
  });

  it('no longer refuses two participants with the same badge code once upgraded (a pull must not fail on it)', async () => {
    const name = `test-${crypto.randomUUID()}`;
    await firstBuildDatabase(name);
    await write({ name }, PARTICIPANT_TABLES, (tx) => storeParticipants(tx, [{ id: 'p-2', eventId: 'event-1', name: 'Anne', badgeCode: 'B1' } as ParticipantRow]));
    const both = await read({ name }, ['participants'], (tx) => participantsOf(tx, 'event-1'));
    expect(both.filter((row) => row.badgeCode === 'B1').map((row) => row.id).sort()).toEqual(['p-1', 'p-2']);
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
    // A block as version 70 wrote it: pairs as keys.
    await databaseAt(name, 70, ['checkins'], (tx) => tx.objectStore('checkins').add({ rows, ids: rows.map((r) => r.id), who: rows.map((r) => [r.stageId, r.participantId]), times: rows.map((r) => [r.stageId, r.scannedAt]) }));
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

  it('moves the participants of a version 80 database into blocks: each found again by id and by event', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const people: ParticipantRow[] = Array.from({ length: 250 }, (_, n) => ({
      id: `p-${n}`,
      eventId: n < 200 ? 'event-1' : 'event-2',
      name: `Personne ${n}`,
      organisation: 'Mairie de Florac',
      profile: 'elected-official',
      email: null,
      badgeCode: `B${n}`,
      origin: 'import',
      consent: true,
    }));
    // The participants as version 80 stored them, one per record.
    await databaseAt(name, 80, ['participants'], (tx) => people.forEach((person) => tx.objectStore('participants').put(person)));
    const opened = await connection({ name });
    expect(layoutOf(opened as unknown as IDBDatabase)).toEqual(LATEST_LAYOUT);
    const found = await read({ name }, ['participants'], async (tx) => ({
      records: await tx.objectStore('participants').count(),
      first: await participantsOf(tx, 'event-1'),
      second: await participantsOf(tx, 'event-2'),
      one: await getParticipant(tx, 'p-217'),
    }));
    expect(found.records).toBe(3);
    expect(found.first.map((row) => row.id).sort()).toEqual(people.slice(0, 200).map((row) => row.id).sort());
    expect(found.second).toHaveLength(50);
    expect(found.one).toEqual(people[217]);
  });
});
