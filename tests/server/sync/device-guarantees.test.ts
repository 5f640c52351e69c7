import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { setFields } from '../../../src/db/editable.ts';
import { readIdentity, saveDeviceIdentity, type DeviceIdentity } from '../../../src/db/device.ts';
import { exportPendingOps } from '../../../src/db/ops-file.ts';
import { countPending } from '../../../src/db/outbox.ts';
import { DeviceDatabase } from '../../support/device-database.ts';
import { createApp } from '../../../src/server/app.ts';
import type { Database } from '../../../src/server/database/connect.ts';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { revokeDevice } from '../../../src/server/devices/devices.ts';
import { createEnrolmentCode } from '../../../src/server/devices/enrolment.ts';
import { createLogger } from '../../../src/server/logger.ts';
import type { Role } from '../../../src/shared/protocol.ts';
import { createSyncEngine } from '../../../src/sync/engine.ts';
import { createMigratedDatabase, ENGINE, type TestDatabase } from '../test-database.ts';

/*
 * What a device promises, checked against the real server app on this run's engine, with the real
 * sync engine on a real (fake-indexeddb) device database.
 */

let test: TestDatabase;
let database: Database;
let app: ReturnType<typeof createApp>;
let stages: string[];
let people: string[];

beforeAll(async () => {
  ({ test, database } = await createMigratedDatabase());
  await seedDemoWeek(database.db);
  app = createApp({ database, logger: createLogger('silent'), staticDir: '/nonexistent' });
  stages = (await database.db.selectFrom('stages').select('id').orderBy('startsAt').limit(3).execute()).map((s) => s.id);
  people = (await database.db.selectFrom('participants').select('id').orderBy('name').limit(5).execute()).map((p) => p.id);
});

afterAll(async () => {
  await database.close();
  await test.drop();
});

const fetchImpl = ((input: string | URL | Request, init?: RequestInit) => app.request(String(input), init)) as typeof fetch;

async function enrol(role: Role, name: string): Promise<DeviceIdentity> {
  const { code } = await createEnrolmentCode(database.db, { eventSlug: 'tiers-lieux-lozere', role, expiresInMs: 60_000 });
  const response = await app.request('/api/devices/enroll', { method: 'POST', body: JSON.stringify({ code, name }) });
  const body = (await response.json()) as { token: string; deviceId: string; stageId: string | null; event: { id: string; slug: string } };
  return { deviceId: body.deviceId, token: body.token, role, name, eventId: body.event.id, eventSlug: body.event.slug, stageId: body.stageId };
}

function engineOf(db: DeviceDatabase, now: () => Date = () => new Date()) {
  return createSyncEngine({ db, fetchImpl, triggers: false, now });
}

describe(`a device's guarantees against the real server (${ENGINE})`, () => {
  it('enrolled again with scans waiting, sends them under its former identity: each applied once, none refused', async () => {
    const db = new DeviceDatabase(`guarantees-${crypto.randomUUID()}`);
    const first = await enrol('animator', 'Téléphone Florac');
    await saveDeviceIdentity(db, first);
    for (const person of people.slice(0, 3)) await recordCheckin(db, { participantId: person, stageId: stages[0]!, method: 'camera' });
    await saveDeviceIdentity(db, await enrol('animator', 'Téléphone Florac (bis)'));
    const engine = engineOf(db);
    const status = await engine.syncNow();
    expect(status.lastError).toBeNull();
    expect(await countPending(db)).toBe(0);
    const logged = await database.db.selectFrom('opLog').select(['seq', 'status']).where('deviceId', '=', first.deviceId).orderBy('seq').execute();
    expect(logged).toEqual([1, 2, 3].map((seq) => ({ seq, status: 'applied' })));
    expect(await database.db.selectFrom('rejections').select('code').execute()).toEqual([]);
    db.close();
  });

  it('revoked by an organizer, erases its participants and token at its next sync and keeps its scans for export', async () => {
    const db = new DeviceDatabase(`guarantees-${crypto.randomUUID()}`);
    const phone = await enrol('animator', 'Téléphone Chanac');
    await saveDeviceIdentity(db, phone);
    const engine = engineOf(db);
    await engine.syncNow();
    expect(await db.participants.count()).toBeGreaterThan(0);
    await recordCheckin(db, { participantId: people[0]!, stageId: stages[0]!, method: 'camera' });
    expect(await revokeDevice(database.db, phone.deviceId)).toBe(true);
    const status = await engine.syncNow();
    expect(status.lastError).toMatchObject({ kind: 'revoked' });
    expect(await db.participants.count()).toBe(0);
    expect(await readIdentity(db)).toMatchObject({ token: '', revokedAt: expect.any(String) });
    expect((await exportPendingOps(db)).ops).toMatchObject([{ deviceId: phone.deviceId, seq: 1, type: 'checkin.record', sig: expect.any(String) }]);
    db.close();
  }, 30_000);

  it('a correction made after seeing a typo wins, though the typo came from a tablet 3 h ahead', async () => {
    const tablet = new DeviceDatabase(`guarantees-${crypto.randomUUID()}`);
    const laptop = new DeviceDatabase(`guarantees-${crypto.randomUUID()}`);
    await saveDeviceIdentity(tablet, await enrol('organizer', 'Tablette en avance'));
    await saveDeviceIdentity(laptop, await enrol('organizer', 'Portable à l’heure'));
    const ahead = () => new Date(Date.now() + 3 * 3_600_000);
    const tabletEngine = engineOf(tablet, ahead);
    const laptopEngine = engineOf(laptop);
    await tabletEngine.syncNow();
    await setFields(tablet, 'stage', stages[1]!, { title: 'Lagogne : le comerce' }, ahead);
    expect((await tabletEngine.syncNow()).lastError).toBeNull();
    await laptopEngine.syncNow();
    expect((await laptop.stages.get(stages[1]!))?.title).toBe('Lagogne : le comerce');
    await setFields(laptop, 'stage', stages[1]!, { title: 'Langogne : le commerce connecté' });
    expect((await laptopEngine.syncNow()).lastError).toBeNull();
    const row = await database.db.selectFrom('stages').select('title').where('id', '=', stages[1]!).executeTakeFirstOrThrow();
    expect(row.title).toBe('Langogne : le commerce connecté');
    await tabletEngine.syncNow();
    expect((await tablet.stages.get(stages[1]!))?.title).toBe('Langogne : le commerce connecté');
    tablet.close();
    laptop.close();
  }, 30_000);

  it('a device whose date was 30 h ahead is refused while it is, and accepted again once its date is fixed', async () => {
    const db = new DeviceDatabase(`guarantees-${crypto.randomUUID()}`);
    await saveDeviceIdentity(db, await enrol('organizer', 'Tablette déréglée'));
    let skewMs = 30 * 3_600_000;
    const now = () => new Date(Date.now() + skewMs);
    const engine = engineOf(db, now);
    await engine.syncNow();
    await setFields(db, 'stage', stages[2]!, { theme: 'Écrit avec une date fausse' }, now);
    await engine.syncNow();
    expect((await engine.syncNow()).lastError).toBeNull();
    const refused = await database.db.selectFrom('rejections').select('code').where('payload', 'like', '%date fausse%').execute();
    expect(refused).toEqual([{ code: 'clock-ahead' }]);
    skewMs = 0;
    await engine.syncNow();
    await setFields(db, 'stage', stages[2]!, { theme: 'Écrit à la bonne date' }, now);
    await engine.syncNow();
    const row = await database.db.selectFrom('stages').select('theme').where('id', '=', stages[2]!).executeTakeFirstOrThrow();
    expect(row.theme).toBe('Écrit à la bonne date');
    db.close();
  }, 30_000);

  it('two tabs without Web Locks: a pull never replays an op the other tab pushed and has not recorded yet', async () => {
    const device = new DeviceDatabase(`guarantees-${crypto.randomUUID()}`);
    const other = new DeviceDatabase(`guarantees-${crypto.randomUUID()}`);
    await saveDeviceIdentity(device, await enrol('organizer', 'Portable, deux onglets'));
    await saveDeviceIdentity(other, await enrol('organizer', 'Tablette'));
    const noLock = <T>(work: () => Promise<T>) => work();
    let openPull!: () => void;
    const pullGate = new Promise<void>((resolve) => (openPull = resolve));
    let pushApplied!: () => void;
    const applied = new Promise<void>((resolve) => (pushApplied = resolve));
    let releaseAnswer!: () => void;
    const answerGate = new Promise<void>((resolve) => (releaseAnswer = resolve));
    let pullStarted!: () => void;
    const pulling = new Promise<void>((resolve) => (pullStarted = resolve));
    let holding = false;
    // Tab B's pull waits at the gate; tab A's push reaches the server, its answer waits.
    const tabB = createSyncEngine({ db: device, triggers: false, lock: noLock, fetchImpl: (async (input: string, init?: RequestInit) => {
      if (holding && String(input).includes('/pull')) {
        pullStarted();
        await pullGate;
      }
      return fetchImpl(input, init);
    }) as typeof fetch });
    const tabA = createSyncEngine({ db: device, triggers: false, lock: noLock, fetchImpl: (async (input: string, init?: RequestInit) => {
      const response = await fetchImpl(input, init);
      if (holding && String(input).includes('/push')) {
        pushApplied();
        await answerGate;
      }
      return response;
    }) as typeof fetch });
    const otherEngine = engineOf(other);
    await tabB.syncNow();
    await otherEngine.syncNow();

    holding = true;
    const bSync = tabB.syncNow(); // nothing to push yet: its pull waits
    await pulling;
    await setFields(device, 'stage', stages[0]!, { title: 'Titre du portable' });
    const aSync = tabA.syncNow();
    await applied;
    await otherEngine.syncNow();
    await setFields(other, 'stage', stages[0]!, { title: 'Titre de la tablette, plus tard' });
    await otherEngine.syncNow();
    openPull();
    await bSync;
    releaseAnswer();
    await aSync;
    holding = false;
    await tabA.syncNow();

    const row = await database.db.selectFrom('stages').select('title').where('id', '=', stages[0]!).executeTakeFirstOrThrow();
    expect(row.title).toBe('Titre de la tablette, plus tard');
    expect((await device.stages.get(stages[0]!))?.title).toBe('Titre de la tablette, plus tard');
    device.close();
    other.close();
  }, 30_000);
});
