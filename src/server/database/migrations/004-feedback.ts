import { sql, type Kysely } from 'kysely';

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
  const raw = db.withoutPlugins();
  const demo = (await sql<{ id: string }>`select id from events where slug = 'tiers-lieux-lozere'`.execute(raw)).rows[0];
  if (demo) {
    const [ratingLabel, questions, commentLabel] = [DEMO_FORM.ratingLabel, DEMO_FORM.questions, DEMO_FORM.commentLabel].map((value) => JSON.stringify(value));
    await sql`insert into forms (id, rating_label, questions, comment_label) values (${demo.id}, ${ratingLabel}, ${questions}, ${commentLabel})`.execute(raw);
    const last = (await sql<{ max: number | string | null }>`select max(seq) as max from changes`.execute(raw)).rows[0];
    const data = JSON.stringify({ id: demo.id, ...DEMO_FORM });
    await sql`insert into changes (seq, event_id, entity, entity_id, deleted, data, changed_at)
      values (${Number(last?.max ?? 0) + 1}, ${demo.id}, 'form', ${demo.id}, 0, ${data}, ${new Date().toISOString()})`.execute(raw);
  }
}

/** The demo week's feedback form as this migration shipped it (frozen: later edits of the demo do not apply here). */
const DEMO_FORM = {
  ratingLabel: { fr: 'Comment était cette étape ?', en: 'How was this stage?' },
  questions: [
    {
      id: 'profil',
      kind: 'single',
      label: { fr: 'Vous êtes…', en: 'You are…' },
      choices: [
        { id: 'habitant', label: { fr: 'Habitant·e du coin', en: 'A local resident' } },
        { id: 'pro', label: { fr: 'Professionnel·le', en: 'A professional' } },
        { id: 'elu', label: { fr: 'Élu·e', en: 'An elected official' } },
        { id: 'eleve', label: { fr: 'Élève', en: 'A pupil' } },
      ],
    },
    {
      id: 'moments',
      kind: 'multiple',
      label: { fr: 'Qu’avez-vous aimé ?', en: 'What did you like?' },
      choices: [
        { id: 'visite', label: { fr: 'La visite', en: 'The visit' } },
        { id: 'interventions', label: { fr: 'Les interventions', en: 'The talks' } },
        { id: 'rencontres', label: { fr: 'Les rencontres', en: 'Meeting people' } },
        { id: 'repas', label: { fr: 'Le repas', en: 'The meal' } },
      ],
    },
    {
      id: 'revenir',
      kind: 'single',
      label: { fr: 'Reviendriez-vous dans un tiers-lieu ?', en: 'Would you come back to a third place?' },
      choices: [
        { id: 'oui', label: { fr: 'Oui', en: 'Yes' } },
        { id: 'peut-etre', label: { fr: 'Peut-être', en: 'Maybe' } },
        { id: 'non', label: { fr: 'Non', en: 'No' } },
      ],
    },
    { id: 'idee', kind: 'text', label: { fr: 'Une idée pour la suite, en quelques mots', en: 'An idea for what comes next, in a few words' }, choices: [] },
  ],
  commentLabel: { fr: 'Un commentaire ? (facultatif)', en: 'Any comment? (optional)' },
};

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('devices_poster').execute();
  await db.schema.alterTable('devices').dropColumn('poster_id').execute();
  await db.schema.dropTable('posters').execute();
  await db.schema.dropTable('forms').execute();
}
