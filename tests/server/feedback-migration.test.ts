import { Migrator } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/database/connect.ts';
import { migrateToLatest } from '../../src/server/database/migrate.ts';
import * as foundation from '../../src/server/database/migrations/001-foundation.ts';
import * as sync from '../../src/server/database/migrations/002-sync.ts';
import { DEMO_EVENT, DEMO_FORM } from '../../src/server/demo/demo-week.ts';
import { ENGINE, createTestDatabase, type TestDatabase } from './test-database.ts';

describe(`migration 004 on a database seeded before it (${ENGINE})`, () => {
  let test: TestDatabase;
  let database: Database;
  afterAll(async () => {
    await database?.close();
    await test?.drop();
  });

  it('gives an existing demo week its feedback form, in the change log for devices to pull', async () => {
    test = await createTestDatabase();
    database = await test.open();
    const early = new Migrator({ db: database.db, provider: { getMigrations: async () => ({ '001-foundation': foundation, '002-sync': sync }) } });
    expect((await early.migrateToLatest()).error).toBeUndefined();
    await database.db
      .insertInto('events')
      .values({
        id: 'demo',
        slug: DEMO_EVENT.slug,
        name: DEMO_EVENT.name,
        startsOn: '2026-11-23',
        endsOn: '2026-11-26',
        timeZone: 'Europe/Paris',
        defaultLocale: 'fr',
        badgePublicKey: 'x',
        createdAt: new Date().toISOString(),
      })
      .execute();
    expect(await migrateToLatest(database.db)).toContain('004-feedback');
    const form = await database.db.selectFrom('forms').selectAll().where('id', '=', 'demo').executeTakeFirstOrThrow();
    expect(JSON.parse(form.questions)).toEqual(DEMO_FORM.questions);
    const change = await database.db.selectFrom('changes').selectAll().where('entity', '=', 'form').executeTakeFirstOrThrow();
    expect(change).toMatchObject({ eventId: 'demo', entityId: 'demo' });
  });
});
