import type { Kysely } from 'kysely';

/**
 * Many events on one server (issue 12): what organizers edit on the Événement page (description,
 * contact e-mail, place, with per-field clocks like stages), the archive time (an archived event
 * is read-only), and the retention of participants' personal data (days after the event's end;
 * purgedAt says when it was erased).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('events').addColumn('description', 'text', (col) => col.notNull().defaultTo('')).execute();
  await db.schema.alterTable('events').addColumn('contact_email', 'text', (col) => col.notNull().defaultTo('')).execute();
  await db.schema.alterTable('events').addColumn('place', 'text', (col) => col.notNull().defaultTo('')).execute();
  await db.schema.alterTable('events').addColumn('retention_days', 'integer', (col) => col.notNull().defaultTo(90)).execute();
  await db.schema.alterTable('events').addColumn('archived_at', 'text').execute();
  await db.schema.alterTable('events').addColumn('purged_at', 'text').execute();
  await db.schema.alterTable('events').addColumn('field_clocks', 'text', (col) => col.notNull().defaultTo('{}')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['field_clocks', 'purged_at', 'archived_at', 'retention_days', 'place', 'contact_email', 'description']) {
    await db.schema.alterTable('events').dropColumn(column).execute();
  }
}
