import { sql, type Kysely } from 'kysely';

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
  await logExistingRecords(db.withoutPlugins(), new Date().toISOString());
}

type Row = Record<string, unknown>;

/**
 * The change log of what a database held before sync (events, stages, talks, participants), in
 * the record shapes devices received when this migration shipped. Frozen: its own code and raw
 * SQL only, never the live sync code, which reads tables of later migrations.
 */
async function logExistingRecords(db: Kysely<unknown>, now: string): Promise<void> {
  let seq = 0;
  const append = async (eventId: unknown, entity: string, id: unknown, data: Row) => {
    seq += 1;
    await sql`insert into changes (seq, event_id, entity, entity_id, deleted, data, changed_at)
      values (${seq}, ${eventId}, ${entity}, ${id}, 0, ${JSON.stringify(data)}, ${now})`.execute(db);
  };
  const rows = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows as Row[];
  for (const event of await rows(sql`select * from events order by id`)) {
    await append(event.id, 'event', event.id, {
      id: event.id,
      slug: event.slug,
      name: event.name,
      startsOn: event.starts_on,
      endsOn: event.ends_on,
      timeZone: event.time_zone,
      defaultLocale: event.default_locale,
      badgePublicKey: event.badge_public_key,
    });
    for (const stage of await rows(sql`select * from stages where event_id = ${event.id} order by starts_at`)) {
      await append(event.id, 'stage', stage.id, {
        id: stage.id,
        eventId: stage.event_id,
        title: stage.title,
        town: stage.town,
        venue: stage.venue,
        address: stage.address,
        lat: Number(stage.lat),
        lng: Number(stage.lng),
        startsAt: stage.starts_at,
        endsAt: stage.ends_at,
        theme: stage.theme,
        kind: stage.kind,
        hosts: JSON.parse(String(stage.hosts)) as unknown,
      });
    }
    const talks = await rows(sql`select talks.* from talks join stages on stages.id = talks.stage_id where stages.event_id = ${event.id} order by talks.starts_at`);
    for (const talk of talks) {
      await append(event.id, 'talk', talk.id, {
        id: talk.id,
        stageId: talk.stage_id,
        title: talk.title,
        speakers: JSON.parse(String(talk.speakers)) as unknown,
        partner: talk.partner,
        startsAt: talk.starts_at,
        endsAt: talk.ends_at,
      });
    }
    for (const person of await rows(sql`select * from participants where event_id = ${event.id} order by name`)) {
      await append(event.id, 'participant', person.id, {
        id: person.id,
        eventId: person.event_id,
        name: person.name,
        organisation: person.organisation,
        profile: person.profile,
        email: person.email,
        badgeCode: person.badge_code,
        origin: person.origin,
        consent: Boolean(Number(person.consent)),
        erased: false,
      });
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['feedback', 'checkins', 'changes', 'rejections', 'op_log', 'enrolment_codes', 'devices']) {
    await db.schema.dropTable(table).execute();
  }
}
