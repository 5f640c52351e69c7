import 'fake-indexeddb/auto';
import SQLite from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordCheckin } from '../../../src/db/checkins.ts';
import { saveDeviceIdentity } from '../../../src/db/device.ts';
import { setFields } from '../../../src/db/editable.ts';
import { META } from '../../../src/db/meta.ts';
import { readMeta } from '../../support/device-database.ts';
import { countPending, pendingBatch } from '../../../src/db/outbox.ts';
import { readCursorMark } from '../../../src/db/sync-state.ts';
import { DeviceDatabase } from '../../support/device-database.ts';
import { createApp } from '../../../src/server/app.ts';
import { seedDemoWeek } from '../../../src/server/demo/seed.ts';
import { createEnrolmentCode } from '../../../src/server/devices/enrolment.ts';
import { createLogger } from '../../../src/server/logger.ts';
import type { Role } from '../../../src/shared/protocol.ts';
import { createSyncEngine } from '../../../src/sync/engine.ts';
import { createMigratedDatabase, ENGINE } from '../test-database.ts';

/*
 * A backup taken while devices sync, more syncs, then the backup restored as docs/operations.md
 * says (SQLite's online backup; pg_dump and pg_restore): devices find out by themselves, send again
 * what the server lost and pull again from the start. Real databases, the real server app.
 */

async function dump(db: DeviceDatabase) {
  const byId = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => a.id.localeCompare(b.id));
  return {
    stages: byId(await db.stages.toArray()),
    participants: byId(await db.participants.toArray()),
    checkins: byId(await db.checkins.toArray()),
  };
}

/**
 * A server on a fresh database seeded with the demo week, as a device reaches it (`app`, `fetchImpl`),
 * with a backup taken while it runs and restored as docs/operations.md says (SQLite's online backup;
 * pg_dump and pg_restore): stop, put the backup in place, start.
 */
async function seededServer() {
  const { test, database } = await createMigratedDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'etape-backup-'));
  const file = join(dir, ENGINE === 'sqlite' ? 'backup.sqlite' : 'backup.dump');
  await seedDemoWeek(database.db);
  const server = {
    database,
    app: createApp({ database, logger: createLogger('silent'), staticDir: '/nonexistent' }),
    fetchImpl: ((input: string, init?: RequestInit) => server.app.request(String(input), init)) as typeof fetch,
    /** A device enrolled through the server's route, its identity saved in a new device database. */
    async enrol(role: Role, name: string) {
      const { code } = await createEnrolmentCode(server.database.db, { eventSlug: 'tiers-lieux-lozere', role, expiresInMs: 60_000 });
      const body = (await (await server.app.request('/api/devices/enroll', { method: 'POST', body: JSON.stringify({ code, name }) })).json()) as {
        token: string; deviceId: string; stageId: string | null; event: { id: string; slug: string };
      };
      const db = new DeviceDatabase(`restore-${crypto.randomUUID()}`);
      await saveDeviceIdentity(db, { deviceId: body.deviceId, token: body.token, role, name, eventId: body.event.id, eventSlug: body.event.slug, stageId: body.stageId });
      return { db, id: body.deviceId, token: body.token };
    },
    async backup() {
      if (ENGINE === 'sqlite') {
        const connection = new SQLite(server.database.location);
        await connection.backup(file);
        connection.close();
      } else execFileSync('pg_dump', ['-Fc', '-f', file, test.env.DATABASE_URL!]);
    },
    async restore() {
      await server.database.close();
      if (ENGINE === 'sqlite') {
        copyFileSync(file, server.database.location);
        rmSync(`${server.database.location}-wal`, { force: true });
        rmSync(`${server.database.location}-shm`, { force: true });
      } else {
        execFileSync('pg_restore', ['--clean', '--if-exists', '-d', test.env.DATABASE_URL!, file]);
      }
      server.database = await test.open();
      server.app = createApp({ database: server.database, logger: createLogger('silent'), staticDir: '/nonexistent' });
    },
    async close() {
      await server.database.close().catch(() => undefined);
      await test.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

describe(`devices after a backup restore (${ENGINE})`, () => {
  it('send again what the server lost and pull again from the start: every op applied once, every device equal to a fresh one', async () => {
    const server = await seededServer();
    try {
      const stages = (await server.database.db.selectFrom('stages').select('id').orderBy('startsAt').limit(3).execute()).map((s) => s.id);
      const people = (await server.database.db.selectFrom('participants').select('id').orderBy('name').limit(6).execute()).map((p) => p.id);
      const device = async (role: Role, name: string) => {
        const enrolled = await server.enrol(role, name);
        return { ...enrolled, engine: createSyncEngine({ db: enrolled.db, fetchImpl: server.fetchImpl, triggers: false, pullLimit: 20 }) };
      };
      const phone = await device('organizer', 'Téléphone');
      const other = await device('organizer', 'Portable');
      const kiosk = await device('kiosk', 'Borne');
      await recordCheckin(phone.db, { participantId: people[0]!, stageId: stages[0]!, method: 'camera' });
      for (const d of [phone, other, kiosk]) await d.engine.syncNow();

      await server.backup();

      await recordCheckin(phone.db, { participantId: people[1]!, stageId: stages[0]!, method: 'camera' });
      await setFields(phone.db, 'stage', stages[1]!, { title: 'Écrit après la sauvegarde' });
      for (const d of [phone, other, kiosk]) await d.engine.syncNow();
      expect(await countPending(phone.db)).toBe(0);

      await server.restore();

      // Life goes on: the log grows again past the kiosk's cursor with other changes.
      for (const person of people.slice(2, 6)) await recordCheckin(other.db, { participantId: person, stageId: stages[2]!, method: 'camera' });
      await setFields(other.db, 'stage', stages[0]!, { theme: 'Écrit après la restauration' });
      await other.engine.syncNow();
      for (let round = 0; round < 2; round += 1) for (const d of [phone, other, kiosk]) await d.engine.syncNow();

      for (const d of [phone, other]) {
        expect(await countPending(d.db)).toBe(0);
        const made = ((await readMeta(d.db, META.nextSeq(d.id))) as number) - 1;
        const logged = await server.database.db.selectFrom('opLog').select('seq').where('deviceId', '=', d.id).orderBy('seq').execute();
        expect(logged.map((row) => row.seq)).toEqual(Array.from({ length: made }, (_, i) => i + 1));
      }
      const title = await server.database.db.selectFrom('stages').select('title').where('id', '=', stages[1]!).executeTakeFirstOrThrow();
      expect(title.title).toBe('Écrit après la sauvegarde');
      expect(await server.database.db.selectFrom('checkins').select('id').execute()).toHaveLength(6);

      const freshOrganizer = await device('organizer', 'Nouveau');
      const freshKiosk = await device('kiosk', 'Nouvelle borne');
      await freshOrganizer.engine.syncNow();
      await freshKiosk.engine.syncNow();
      const expected = await dump(freshOrganizer.db);
      expect(await dump(phone.db)).toEqual(expected);
      expect(await dump(other.db)).toEqual(expected);
      expect(await dump(kiosk.db)).toEqual(await dump(freshKiosk.db));
      for (const d of [phone, other, kiosk, freshOrganizer, freshKiosk]) d.db.close();
    } finally {
      await server.close();
    }
  }, 60_000);

  it('a push that names a point of the log the restored server no longer has is answered 409, nothing applied; the device then sends all again', async () => {
    const server = await seededServer();
    try {
      const stage = (await server.database.db.selectFrom('stages').select('id').orderBy('startsAt').executeTakeFirstOrThrow()).id;
      const people = (await server.database.db.selectFrom('participants').select('id').orderBy('name').limit(2).execute()).map((p) => p.id);
      const phone = await server.enrol('animator', 'Téléphone');
      const engine = createSyncEngine({ db: phone.db, fetchImpl: server.fetchImpl, triggers: false });
      await engine.syncNow();
      await server.backup();
      // Pushed and acknowledged after the backup: the restore loses it.
      await recordCheckin(phone.db, { participantId: people[0]!, stageId: stage, method: 'camera' });
      await engine.syncNow();
      await server.restore();

      await recordCheckin(phone.db, { participantId: people[1]!, stageId: stage, method: 'camera' });
      const { ops } = await pendingBatch(phone.db, phone.id, 10);
      const { seen } = await readCursorMark(phone.db);
      const pushWith = (body: unknown) =>
        server.app.request('/api/sync/push', { method: 'POST', headers: { authorization: `Bearer ${phone.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const refused = await pushWith({ ops, seen });
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { error: string }).error).toBe('cursor-unknown');
      const malformed = await pushWith({ ops, seen: { seq: 'one', mark: seen!.mark } });
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { message: string }).message).toContain('seen.seq');
      expect(await server.database.db.selectFrom('opLog').select('seq').where('deviceId', '=', phone.id).execute()).toEqual([]);

      // The device's own sync: told of the restore by its push, it sends both check-ins again.
      await engine.syncNow();
      expect(await countPending(phone.db)).toBe(0);
      const logged = await server.database.db.selectFrom('opLog').select('seq').where('deviceId', '=', phone.id).orderBy('seq').execute();
      expect(logged.map((row) => row.seq)).toEqual([1, 2]);
      expect(await server.database.db.selectFrom('checkins').select('participantId').where('participantId', 'in', people).orderBy('participantId').execute()).toHaveLength(2);
      phone.db.close();
    } finally {
      await server.close();
    }
  }, 60_000);
});
