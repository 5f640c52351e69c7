import type { Kysely } from 'kysely';

/** Events, their programme (stages, talks) and participants. Times are ISO 8601 UTC text on both engines. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('starts_on', 'text', (col) => col.notNull())
    .addColumn('ends_on', 'text', (col) => col.notNull())
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('default_locale', 'text', (col) => col.notNull())
    .addColumn('badge_public_key', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('event_secrets')
    .addColumn('event_id', 'text', (col) => col.primaryKey().references('events.id').onDelete('cascade'))
    .addColumn('badge_private_key', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('stages')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull().references('events.id').onDelete('cascade'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('town', 'text', (col) => col.notNull())
    .addColumn('venue', 'text', (col) => col.notNull())
    .addColumn('address', 'text', (col) => col.notNull())
    .addColumn('lat', 'double precision', (col) => col.notNull())
    .addColumn('lng', 'double precision', (col) => col.notNull())
    .addColumn('starts_at', 'text', (col) => col.notNull())
    .addColumn('ends_at', 'text', (col) => col.notNull())
    .addColumn('theme', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('hosts', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('stages_event_id').on('stages').column('event_id').execute();

  await db.schema
    .createTable('talks')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('stage_id', 'text', (col) => col.notNull().references('stages.id').onDelete('cascade'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('speakers', 'text', (col) => col.notNull())
    .addColumn('partner', 'text', (col) => col.notNull())
    .addColumn('starts_at', 'text', (col) => col.notNull())
    .addColumn('ends_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('talks_stage_id').on('talks').column('stage_id').execute();

  await db.schema
    .createTable('participants')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull().references('events.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('organisation', 'text', (col) => col.notNull())
    .addColumn('profile', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('badge_code', 'text', (col) => col.notNull().unique())
    .addColumn('origin', 'text', (col) => col.notNull())
    .addColumn('consent', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('participants_event_id').on('participants').column('event_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['participants', 'talks', 'stages', 'event_secrets', 'events']) {
    await db.schema.dropTable(table).execute();
  }
}
