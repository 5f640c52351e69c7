import type { Kysely } from 'kysely';
import { snapshotEvent } from '../../sync/changes.ts';
import type { Tables } from '../tables.ts';

/**
 * Devices and enrolment, the op log of every applied or rejected op, the change log that pull
 * reads (seq is the server change sequence), append-only check-ins and feedback, and per-field
 * clocks plus tombstones on editable records.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull().references('events.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('stage_id', 'text')
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('enrolled_at', 'text', (col) => col.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_seen_at', 'text')
    .addColumn('pending_ops', 'integer')
    .addColumn('last_applied_seq', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('enrolment_codes')
    .addColumn('code_hash', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull().references('events.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull())
    .addColumn('stage_id', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .addColumn('device_id', 'text')
    .execute();

  await db.schema
    .createTable('op_log')
    .addColumn('op_id', 'text', (col) => col.primaryKey())
    .addColumn('device_id', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addUniqueConstraint('op_log_device_seq', ['device_id', 'seq'])
    .execute();

  await db.schema
    .createTable('rejections')
    .addColumn('op_id', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('device_id', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('code', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('rejections_event').on('rejections').columns(['event_id', 'received_at']).execute();

  await db.schema
    .createTable('changes')
    .addColumn('seq', 'integer', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('entity', 'text', (col) => col.notNull())
    .addColumn('entity_id', 'text', (col) => col.notNull())
    .addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('data', 'text')
    .addColumn('changed_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('changes_event_seq').on('changes').columns(['event_id', 'seq']).execute();

  await db.schema
    .createTable('checkins')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull().references('events.id').onDelete('cascade'))
    .addColumn('participant_id', 'text', (col) => col.notNull())
    .addColumn('stage_id', 'text', (col) => col.notNull())
    .addColumn('device_id', 'text', (col) => col.notNull())
    .addColumn('scanned_at', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addColumn('method', 'text', (col) => col.notNull())
    .addColumn('voided', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('voided_at', 'text')
    .execute();
  await db.schema.createIndex('checkins_stage').on('checkins').columns(['stage_id', 'participant_id']).execute();

  await db.schema
    .createTable('feedback')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull().references('events.id').onDelete('cascade'))
    .addColumn('stage_id', 'text', (col) => col.notNull())
    .addColumn('device_id', 'text', (col) => col.notNull())
    .addColumn('rating', 'integer', (col) => col.notNull())
    .addColumn('answers', 'text', (col) => col.notNull())
    .addColumn('comment', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('feedback_stage').on('feedback').column('stage_id').execute();

  for (const table of ['stages', 'talks', 'participants']) {
    await db.schema
      .alterTable(table)
      .addColumn('field_clocks', 'text', (col) => col.notNull().defaultTo('{}'))
      .execute();
    await db.schema
      .alterTable(table)
      .addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
      .execute();
  }
  await db.schema
    .alterTable('participants')
    .addColumn('erased', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();

  // Events seeded before the change log existed: log their current state, so devices can pull it.
  const typed = db as Kysely<Tables>;
  const now = new Date().toISOString();
  for (const { id } of await typed.selectFrom('events').select('id').execute()) await snapshotEvent(typed, id, now);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['feedback', 'checkins', 'changes', 'rejections', 'op_log', 'enrolment_codes', 'devices']) {
    await db.schema.dropTable(table).execute();
  }
}
