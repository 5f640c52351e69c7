import type { Kysely } from 'kysely';

/**
 * Security (issue 15): which device created a participant (an animator corrects only the walk-ins
 * its own device registered); answers set aside by organizers (one phone or one poster: kept,
 * left out of figures and exports unless asked); and the security log that organizers read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('participants').addColumn('created_by', 'text').execute();
  // The poster a phone's answer came through, and whether an organizer set it aside.
  await db.schema.alterTable('feedback').addColumn('poster_id', 'text').execute();
  await db.schema.alterTable('feedback').addColumn('set_aside', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('feedback_poster').on('feedback').column('poster_id').execute();
  await db.schema.createIndex('feedback_device').on('feedback').column('device_id').execute();

  await db.schema
    .createTable('set_asides')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull().references('events.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('target_id', 'text', (col) => col.notNull())
    .addColumn('set_aside', 'integer', (col) => col.notNull())
    .addColumn('clock', 'text', (col) => col.notNull())
    .addColumn('changed_at', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('security_log')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text')
    .addColumn('at', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('device_id', 'text')
    .addColumn('address', 'text')
    .addColumn('detail', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('security_log_event_at').on('security_log').columns(['event_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('security_log').execute();
  await db.schema.dropTable('set_asides').execute();
  await db.schema.dropIndex('feedback_device').execute();
  await db.schema.dropIndex('feedback_poster').execute();
  await db.schema.alterTable('feedback').dropColumn('set_aside').execute();
  await db.schema.alterTable('feedback').dropColumn('poster_id').execute();
  await db.schema.alterTable('participants').dropColumn('created_by').execute();
}
