import type { Kysely } from 'kysely';

/**
 * Two indexes that no query reads, dropped: every check-in a push writes also went into them, at
 * a random place (a participant per stage, a random op id), so each batch rewrote most of their
 * pages (docs/benchmarks.md, "Push throughput"). Check-ins are read by their id (the primary key)
 * or by event; the op log by device and seq (its primary key).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('checkins_stage').execute();
  await db.schema.dropIndex('op_log_op_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('checkins_stage').on('checkins').columns(['stage_id', 'participant_id']).execute();
  await db.schema.createIndex('op_log_op_id').on('op_log').column('op_id').execute();
}
