import type { Kysely } from 'kysely';

/**
 * An undo (checkin.void) that reaches the server before the check-in it undoes (a device that
 * read another's file sends its own ops first) waits here, and the check-in is recorded voided
 * when it arrives: the same state whatever the arrival order. Frozen: uses only its own code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('early_voids')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull().references('events.id').onDelete('cascade'))
    .addColumn('voided_at', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('early_voids').execute();
}
