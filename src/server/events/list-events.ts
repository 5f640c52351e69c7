import type { Kysely } from 'kysely';
import type { Tables } from '../database/tables.ts';

export interface EventSummary {
  id: string;
  slug: string;
  name: string;
  startsOn: string;
  endsOn: string;
  status: 'open' | 'archived';
  archivedAt: string | null;
  purgedAt: string | null;
  retentionDays: number;
  stages: number;
  participants: number;
  checkins: number;
  answers: number;
  devices: number;
}

/** Every event of the server with its figures (stages, participants, check-ins not undone, answers, devices not revoked), by start day. */
export async function listEvents(db: Kysely<Tables>): Promise<EventSummary[]> {
  const events = await db.selectFrom('events').selectAll().orderBy('startsOn').orderBy('slug').execute();
  const count = async (table: 'stages' | 'participants' | 'checkins' | 'feedback' | 'devices', eventId: string) => {
    let query = db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('eventId', '=', eventId);
    if (table === 'stages' || table === 'participants') query = query.where('deleted', '=', 0);
    if (table === 'checkins') query = query.where('voided', '=', 0);
    if (table === 'devices') query = query.where('revokedAt', 'is', null);
    return Number((await query.executeTakeFirst())?.n ?? 0);
  };
  return Promise.all(
    events.map(async (event) => ({
      id: event.id,
      slug: event.slug,
      name: event.name,
      startsOn: event.startsOn,
      endsOn: event.endsOn,
      status: event.archivedAt ? ('archived' as const) : ('open' as const),
      archivedAt: event.archivedAt,
      purgedAt: event.purgedAt,
      retentionDays: Number(event.retentionDays),
      stages: await count('stages', event.id),
      participants: await count('participants', event.id),
      checkins: await count('checkins', event.id),
      answers: await count('feedback', event.id),
      devices: await count('devices', event.id),
    })),
  );
}
