import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/database/connect.ts';
import { MIGRATION_NAMES, migrateTo, migrateToLatest } from '../../src/server/database/migrate.ts';
import { ENGINE, createTestDatabase, type TestDatabase } from './test-database.ts';

/** Schema versions that shipped: a database made at each of them must upgrade to the latest. */
const SHIPPED = ['001-foundation', '002-sync', '004-feedback'] as const;

/** Data a database held at each version, written as that version's schema had it (raw SQL, snake_case). */
async function fillAt(db: Kysely<unknown>, version: (typeof SHIPPED)[number]): Promise<void> {
  const now = '2026-11-20T10:00:00.000Z';
  await sql`insert into events (id, slug, name, starts_on, ends_on, time_zone, default_locale, badge_public_key, created_at)
    values ('ev', 'tiers-lieux-lozere', 'Semaine', '2026-11-23', '2026-11-26', 'Europe/Paris', 'fr', 'pk', ${now})`.execute(db);
  await sql`insert into stages (id, event_id, title, town, venue, address, lat, lng, starts_at, ends_at, theme, kind, hosts)
    values ('st', 'ev', 'Langogne', 'Langogne', 'MSAP', 'Place', 44.7, 3.8, '2026-11-23T13:00:00.000Z', '2026-11-23T16:00:00.000Z', 'Commerce', 'indoor', '["MSAP"]')`.execute(db);
  await sql`insert into talks (id, stage_id, title, speakers, partner, starts_at, ends_at)
    values ('tk', 'st', 'Outils', '["Lysiane"]', 'CCI', '2026-11-23T13:45:00.000Z', '2026-11-23T15:15:00.000Z')`.execute(db);
  await sql`insert into participants (id, event_id, name, organisation, profile, email, badge_code, origin, consent, created_at)
    values ('pa', 'ev', 'Hélène', 'Asso', 'association', 'h@example.org', 'E1.ev.pa.sig', 'import', 1, ${now})`.execute(db);
  if (version === '001-foundation') return;
  await sql`insert into devices (id, event_id, name, role, stage_id, token_hash, enrolled_at, last_applied_seq)
    values ('dev', 'ev', 'Téléphone', 'animator', null, 'hash', ${now}, 2)`.execute(db);
  await sql`insert into op_log (op_id, device_id, seq, type, status, received_at) values ('op1', 'dev', 1, 'checkin.record', 'applied', ${now})`.execute(db);
  await sql`insert into op_log (op_id, device_id, seq, type, status, received_at) values ('op2', 'dev', 2, 'participant.erase', 'rejected', ${now})`.execute(db);
  await sql`insert into rejections (op_id, event_id, device_id, seq, type, code, message, payload, received_at)
    values ('op2', 'ev', 'dev', 2, 'participant.erase', 'forbidden', 'No.', '{"id":"pa"}', ${now})`.execute(db);
  await sql`insert into checkins (id, event_id, participant_id, stage_id, device_id, scanned_at, received_at, method)
    values ('ci', 'ev', 'pa', 'st', 'dev', ${now}, ${now}, 'camera')`.execute(db);
  if (version === '002-sync') return;
  await sql`insert into feedback (id, event_id, stage_id, device_id, rating, answers, comment, created_at, received_at)
    values ('fb', 'ev', 'st', 'dev', 5, '{}', 'Bien', ${now}, ${now})`.execute(db);
}

describe(`a database made at each shipped schema version upgrades to the latest (${ENGINE})`, () => {
  let test: TestDatabase | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await test?.drop();
  });

  it.each(SHIPPED)('from %s, with data', async (version) => {
    test = await createTestDatabase();
    database = await test.open();
    await migrateTo(database.db, version);
    await fillAt(database.db.withoutPlugins() as Kysely<unknown>, version);
    const ran = await migrateToLatest(database.db);
    expect(ran).toEqual(MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf(version) + 1));

    const db = database.db;
    expect(await db.selectFrom('participants').select(['name', 'badgeCode']).execute()).toEqual([{ name: 'Hélène', badgeCode: 'E1.ev.pa.sig' }]);
    // Devices pull what the database held before sync: the event, its stage, talk and participant.
    const logged = await db.selectFrom('changes').select(['entity', 'entityId', 'data']).orderBy('seq').execute();
    const entities = logged.map((row) => `${row.entity}:${row.entityId}`);
    if (version === '001-foundation') {
      expect(entities).toEqual(expect.arrayContaining(['event:ev', 'stage:st', 'talk:tk', 'participant:pa']));
      expect(JSON.parse(logged.find((row) => row.entity === 'talk')!.data!)).toMatchObject({ id: 'tk', stageId: 'st', speakers: ['Lysiane'] });
      expect(JSON.parse(logged.find((row) => row.entity === 'participant')!.data!)).toMatchObject({ name: 'Hélène', consent: true, erased: false });
    }
    // The demo event gets the demo form once, logged for devices.
    expect(await db.selectFrom('forms').select('id').execute()).toEqual(version === '004-feedback' ? [] : [{ id: 'ev' }]);
    if (version !== '001-foundation') {
      expect(await db.selectFrom('opLog').select(['deviceId', 'seq', 'opId']).orderBy('seq').execute()).toEqual([
        { deviceId: 'dev', seq: 1, opId: 'op1' },
        { deviceId: 'dev', seq: 2, opId: 'op2' },
      ]);
      expect(await db.selectFrom('rejections').select(['deviceId', 'opId', 'code']).execute()).toEqual([{ deviceId: 'dev', opId: 'op2', code: 'forbidden' }]);
      expect(await db.selectFrom('checkins').select('id').execute()).toEqual([{ id: 'ci' }]);
    }
  });
});
