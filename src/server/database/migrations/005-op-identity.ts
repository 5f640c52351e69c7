import { sql, type Kysely } from 'kysely';

/**
 * An op is known by its author device: the op log is keyed by (device, seq) and keeps the op's
 * id, and rejections are keyed by (device, op id), so that two devices using the same op id never
 * lose or share each other's rejections. Tables are rebuilt (SQLite cannot change a primary key).
 * Frozen: this migration uses only its own code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('op_log_005')
    .addColumn('device_id', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('op_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('op_log_device_seq_pk', ['device_id', 'seq'])
    .execute();
  await sql`insert into op_log_005 (device_id, seq, op_id, type, status, received_at)
    select device_id, seq, op_id, type, status, received_at from op_log`.execute(db);
  await db.schema.dropTable('op_log').execute();
  await db.schema.alterTable('op_log_005').renameTo('op_log').execute();
  await db.schema.createIndex('op_log_op_id').on('op_log').column('op_id').execute();

  await db.schema
    .createTable('rejections_005')
    .addColumn('device_id', 'text', (col) => col.notNull())
    .addColumn('op_id', 'text', (col) => col.notNull())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('rejections_device_op_pk', ['device_id', 'op_id'])
    .execute();
  await sql`insert into rejections_005 (device_id, op_id, event_id, seq, type, code, message, payload, received_at)
    select device_id, op_id, event_id, seq, type, code, message, payload, received_at from rejections`.execute(db);
  await db.schema.dropTable('rejections').execute();
  await db.schema.alterTable('rejections_005').renameTo('rejections').execute();
  await db.schema.createIndex('rejections_event').on('rejections').columns(['event_id', 'received_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migration 005 cannot be undone: restore a backup taken before it.');
}
