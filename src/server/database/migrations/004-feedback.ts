import type { Kysely } from 'kysely';
import { DEMO_EVENT, DEMO_FORM } from '../../demo/demo-week.ts';
import { snapshot } from '../../sync/changes.ts';
import type { Tables } from '../tables.ts';

/**
 * Feedback (issue 6): the event's feedback form, an editable record (one per event, id = event
 * id, per-field clocks); poster tokens, one per printed stage poster, of which only the hash is
 * kept; and the poster a device was enrolled through (a participant's phone), so that revoking
 * the poster stops every phone that came through it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('forms')
    .addColumn('id', 'text', (col) => col.primaryKey().references('events.id').onDelete('cascade'))
    .addColumn('rating_label', 'text', (col) => col.notNull())
    .addColumn('questions', 'text', (col) => col.notNull())
    .addColumn('comment_label', 'text', (col) => col.notNull())
    .addColumn('field_clocks', 'text', (col) => col.notNull().defaultTo('{}'))
    .addColumn('deleted', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('posters')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('event_id', 'text', (col) => col.notNull().references('events.id').onDelete('cascade'))
    .addColumn('stage_id', 'text', (col) => col.notNull())
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('posters_event').on('posters').columns(['event_id', 'stage_id']).execute();

  await db.schema.alterTable('devices').addColumn('poster_id', 'text').execute();
  await db.schema.createIndex('devices_poster').on('devices').column('poster_id').execute();

  // A demo week seeded before this migration gets the demo form too (and devices receive it at their next pull).
  const typed = db as Kysely<Tables>;
  const demo = await typed.selectFrom('events').select('id').where('slug', '=', DEMO_EVENT.slug).executeTakeFirst();
  if (demo) {
    await typed
      .insertInto('forms')
      .values({
        id: demo.id,
        ratingLabel: JSON.stringify(DEMO_FORM.ratingLabel),
        questions: JSON.stringify(DEMO_FORM.questions),
        commentLabel: JSON.stringify(DEMO_FORM.commentLabel),
      })
      .execute();
    await snapshot(typed, 'form', demo.id, new Date().toISOString());
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('devices_poster').execute();
  await db.schema.alterTable('devices').dropColumn('poster_id').execute();
  await db.schema.dropTable('posters').execute();
  await db.schema.dropTable('forms').execute();
}
