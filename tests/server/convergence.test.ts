import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordCheckin, voidCheckin } from '../../src/db/checkins.ts';
import { saveDeviceIdentity } from '../../src/db/device.ts';
import { deleteRecord, setFields } from '../../src/db/editable.ts';
import { recordFeedback } from '../../src/db/feedback.ts';
import { META, readMeta } from '../../src/db/meta.ts';
import { countPending } from '../../src/db/outbox.ts';
import { EtapeDatabase } from '../../src/db/schema.ts';
import { createSyncEngine, type SyncEngine } from '../../src/sync/engine.ts';
import { createApp } from '../../src/server/app.ts';
import type { Database } from '../../src/server/database/connect.ts';
import { migrateToLatest } from '../../src/server/database/migrate.ts';
import { seedDemoWeek } from '../../src/server/demo/seed.ts';
import { createEnrolmentCode } from '../../src/server/devices/enrolment.ts';
import { createLogger } from '../../src/server/logger.ts';
import type { Role } from '../../src/shared/protocol.ts';
import { ENGINE, createTestDatabase, type TestDatabase } from './test-database.ts';

/*
 * Property: devices that record check-ins, feedback, walk-ins and edits offline, through a network
 * that drops requests, loses answers after the server committed, delivers twice or late, and a
 * server that restarts, end equal to the server once the network is good again, with every op
 * applied exactly once. Real Dexie databases (fake-indexeddb), the real sync engine, the real
 * server app on this run's database engine.
 */

type Fault = 'none' | 'drop' | 'lose' | 'duplicate' | 'delay';
const ROLES: Role[] = ['organizer', 'organizer', 'animator', 'kiosk'];
const ORGS = [0, 1];
const SCANNERS = [0, 1, 2];

const action = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('checkin' as const), dev: fc.constantFrom(...SCANNERS), person: fc.nat(4), stage: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), dev: fc.constantFrom(...SCANNERS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('feedback' as const), dev: fc.constantFrom(0, 3), stage: fc.nat(2), rating: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('walk-in' as const), dev: fc.constantFrom(0, 2) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit-stage' as const),
      dev: fc.constantFrom(...ORGS),
      stage: fc.nat(2), // stage 2 is also the one 'delete-stage' deletes: deletes race edits of the same record
      field: fc.constantFrom('title' as const, 'theme' as const),
      value: fc.constantFrom('Atelier', 'Rencontre', 'Visite', 'Débat'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit-person' as const), dev: fc.constantFrom(...ORGS), person: fc.nat(4), value: fc.constantFrom('Mairie', 'CCI', 'Indépendante') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete-stage' as const), dev: fc.constantFrom(...ORGS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('skew' as const), dev: fc.nat(3), hours: fc.integer({ min: -6, max: 6 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('sync' as const),
      dev: fc.nat(3),
      fault: fc.constantFrom<Fault>('none', 'none', 'drop', 'lose', 'duplicate', 'delay'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deliver-late' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const) }) },
);

interface Device {
  db: EtapeDatabase;
  engine: SyncEngine;
  id: string;
  role: Role;
  faults: Fault[];
  skewMs: number;
  checkins: string[];
}

async function world(test: TestDatabase) {
  let database: Database = await test.open();
  await migrateToLatest(database.db);
  await seedDemoWeek(database.db);
  const logger = createLogger('silent');
  let app = createApp({ database, logger, staticDir: '/nonexistent' });
  const late: { url: string; init: RequestInit }[] = [];
  const stages = (await database.db.selectFrom('stages').select('id').orderBy('startsAt').limit(3).execute()).map((s) => s.id);
  const people = (await database.db.selectFrom('participants').select('id').orderBy('name').limit(5).execute()).map((p) => p.id);

  const send = (url: string, init: RequestInit) => app.request(url, init);

  async function device(role: Role, name: string): Promise<Device> {
    const { code } = await createEnrolmentCode(database.db, { eventSlug: 'tiers-lieux-lozere', role, expiresInMs: 60_000 });
    const response = await app.request('/api/devices/enroll', { method: 'POST', body: JSON.stringify({ code, name }) });
    const enrolled = (await response.json()) as { token: string; deviceId: string; stageId: string | null; event: { id: string; slug: string } };
    const db = new EtapeDatabase(`convergence-${crypto.randomUUID()}`);
    await saveDeviceIdentity(db, {
      deviceId: enrolled.deviceId,
      token: enrolled.token,
      role,
      name,
      eventId: enrolled.event.id,
      eventSlug: enrolled.event.slug,
      stageId: enrolled.stageId,
    });
    const self: Device = { db, id: enrolled.deviceId, role, faults: [], skewMs: 0, checkins: [], engine: undefined as never };
    const fetchImpl = (async (input: string | URL | Request, init: RequestInit = {}) => {
      const url = String(input);
      const fault = self.faults.shift() ?? 'none';
      if (fault === 'drop') throw new TypeError('Failed to fetch');
      if (fault === 'delay') {
        late.push({ url, init });
        throw new TypeError('Failed to fetch');
      }
      if (fault === 'lose') {
        await send(url, init);
        throw new TypeError('Network connection was lost');
      }
      if (fault === 'duplicate') await send(url, init);
      return send(url, init);
    }) as typeof fetch;
    self.engine = createSyncEngine({
      db,
      fetchImpl,
      triggers: false,
      pullLimit: 25,
      pushBatchSize: 4,
      now: () => new Date(Date.now() + self.skewMs),
    });
    return self;
  }

  return {
    stages,
    people,
    device,
    late,
    async deliverLate() {
      const request = late.shift();
      if (request) await send(request.url, request.init);
    },
    async restart() {
      await database.close();
      database = await test.open();
      await migrateToLatest(database.db);
      app = createApp({ database, logger, staticDir: '/nonexistent' });
    },
    get database() {
      return database;
    },
    close: () => database.close(),
  };
}

async function dump(db: EtapeDatabase) {
  const byId = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => a.id.localeCompare(b.id));
  return {
    stages: byId(await db.stages.toArray()),
    talks: byId(await db.talks.toArray()),
    participants: byId(await db.participants.toArray()),
    checkins: byId(await db.checkins.toArray()),
    feedback: byId(await db.feedback.toArray()),
  };
}

describe(`devices converge with the server under faults (${ENGINE})`, () => {
  it('every op is applied once and every device ends equal to a fresh device of its role', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 10, maxLength: 45 }), async (actions) => {
        const test = await createTestDatabase();
        const w = await world(test);
        try {
          const devices = await Promise.all(ROLES.map((role, i) => w.device(role, `device-${i}`)));
          for (const device of devices) await device.engine.syncNow();
          for (const step of actions) {
            const d = 'dev' in step ? devices[step.dev]! : undefined;
            const now = () => new Date(Date.now() + (d?.skewMs ?? 0));
            switch (step.kind) {
              case 'checkin': {
                const row = await recordCheckin(d!.db, { participantId: w.people[step.person]!, stageId: w.stages[step.stage]!, method: 'camera' }, now);
                d!.checkins.push(row.id);
                break;
              }
              case 'void': {
                const id = d!.checkins.pop();
                if (id && (await d!.db.checkins.get(id))) await voidCheckin(d!.db, id, now);
                break;
              }
              case 'feedback':
                await recordFeedback(d!.db, { stageId: w.stages[step.stage]!, rating: step.rating, answers: {}, comment: 'Merci' }, now);
                break;
              case 'walk-in': {
                const id = crypto.randomUUID();
                const fields = { name: 'Anaïs Brunel', organisation: 'Sur place', profile: 'other', email: null, badgeCode: `walk-${id}`, origin: 'walk-in', consent: true } as const;
                await setFields(d!.db, 'participant', id, fields, now);
                break;
              }
              case 'edit-stage':
                await setFields(d!.db, 'stage', w.stages[step.stage]!, { [step.field]: `${step.value} ${d!.id.slice(0, 4)}` }, now);
                break;
              case 'edit-person':
                await setFields(d!.db, 'participant', w.people[step.person]!, { organisation: step.value }, now);
                break;
              case 'delete-stage':
                if (await d!.db.stages.get(w.stages[2]!)) await deleteRecord(d!.db, 'stage', w.stages[2]!, now);
                break;
              case 'skew':
                d!.skewMs = step.hours * 3_600_000;
                break;
              case 'sync':
                d!.faults.push(step.fault);
                await d!.engine.syncNow();
                break;
              case 'deliver-late':
                await w.deliverLate();
                break;
              case 'restart':
                await w.restart();
                break;
            }
          }

          // The network is good again: late requests arrive, every device syncs until it is empty.
          while (w.late.length) await w.deliverLate();
          for (const device of devices) device.faults = [];
          for (let round = 0; round < 3; round += 1) for (const device of devices) await device.engine.syncNow();

          const db = w.database.db;
          for (const device of devices) {
            expect(await countPending(device.db)).toBe(0);
            const next = (await readMeta(device.db, META.nextSeq(device.id))) as number | undefined;
            const made = (next ?? 1) - 1;
            const logged = await db.selectFrom('opLog').select('seq').where('deviceId', '=', device.id).orderBy('seq').execute();
            expect(logged.map((row) => row.seq)).toEqual(Array.from({ length: made }, (_, i) => i + 1));
          }
          const appliedCheckins = await db.selectFrom('opLog').select('opId').where('type', '=', 'checkin.record').where('status', '=', 'applied').execute();
          expect(await db.selectFrom('checkins').select('id').execute()).toHaveLength(appliedCheckins.length);

          for (const role of ['organizer', 'animator', 'kiosk'] as const) {
            const fresh = await w.device(role, `fresh-${role}`);
            await fresh.engine.syncNow();
            const expected = await dump(fresh.db);
            for (const device of devices.filter((d) => d.role === role)) {
              const { feedback, ...held } = await dump(device.db);
              if (role === 'organizer') expect({ ...held, feedback }).toEqual(expected);
              else {
                // A kiosk does not pull feedback: it keeps what it recorded, each answer once on the server.
                expect({ ...held, feedback: [] }).toEqual(expected);
                const sent = await db.selectFrom('feedback').select('id').where('deviceId', '=', device.id).orderBy('id').execute();
                expect(feedback.map((row) => row.id)).toEqual(sent.map((row) => row.id));
              }
            }
            if (role === 'organizer') {
              const live = await db.selectFrom('stages').select(['id', 'title', 'theme']).where('deleted', '=', 0).orderBy('id').execute();
              expect(expected.stages.map(({ id, title, theme }) => ({ id, title, theme }))).toEqual(live);
              expect(expected.checkins).toHaveLength(appliedCheckins.length);
            }
            if (role === 'kiosk') expect(expected.participants).toEqual([]);
          }
          for (const device of devices) device.engine.stop();
        } finally {
          await w.close();
          await test.drop();
        }
      }),
      {
        numRuns: ENGINE === 'postgres' ? 10 : 25,
        endOnFailure: true,
        examples: [
          // The same field edited on two devices, the later clock on a device 6 h ahead.
          [[
            { kind: 'skew', dev: 1, hours: 6 },
            { kind: 'edit-stage', dev: 1, stage: 0, field: 'title', value: 'Débat' },
            { kind: 'sync', dev: 1, fault: 'none' },
            { kind: 'sync', dev: 0, fault: 'none' },
            { kind: 'edit-stage', dev: 0, stage: 0, field: 'title', value: 'Visite' },
            { kind: 'sync', dev: 0, fault: 'lose' },
            { kind: 'sync', dev: 0, fault: 'none' },
            { kind: 'edit-stage', dev: 0, stage: 1, field: 'theme', value: 'Atelier' },
            { kind: 'sync', dev: 0, fault: 'none' },
            { kind: 'sync', dev: 0, fault: 'none' },
          ]],
          // The same badge scanned on two devices offline; a delete against an edit; a restart.
          [[
            { kind: 'checkin', dev: 0, person: 1, stage: 0 },
            { kind: 'checkin', dev: 2, person: 1, stage: 0 },
            { kind: 'sync', dev: 2, fault: 'duplicate' },
            { kind: 'delete-stage', dev: 0 },
            { kind: 'edit-stage', dev: 1, stage: 2, field: 'theme', value: 'Rencontre' },
            { kind: 'sync', dev: 1, fault: 'delay' },
            { kind: 'restart' },
            { kind: 'sync', dev: 0, fault: 'none' },
            { kind: 'deliver-late' },
            { kind: 'void', dev: 2 },
            { kind: 'sync', dev: 2, fault: 'none' },
          ]],
        ],
      },
    );
  }, 240_000);
});
