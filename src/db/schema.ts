import Dexie, { type EntityTable } from 'dexie';
import type { EventRecord, ParticipantRecord, StageRecord, TalkRecord } from '../shared/domain.ts';

/** A key/value row for device state (programme freshness, cursors, preferences that must survive). */
export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * The device database. Every version() block of the schema lives here, in order, and only here.
 * Indexes: `&` unique, `[a+b]` compound. Booleans are stored as 0/1 where they must be indexed.
 */
export class EtapeDatabase extends Dexie {
  events!: EntityTable<EventRecord, 'id'>;
  stages!: EntityTable<StageRecord, 'id'>;
  talks!: EntityTable<TalkRecord, 'id'>;
  participants!: EntityTable<ParticipantRecord, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;

  constructor(name = 'etape') {
    super(name);
    this.version(1).stores({
      events: 'id, &slug',
      stages: 'id, eventId, startsAt',
      talks: 'id, stageId, startsAt',
      participants: 'id, eventId, &badgeCode',
      meta: 'key',
    });
  }
}

let shared: EtapeDatabase | undefined;

/** The app's one database connection, opened lazily. */
export function database(): EtapeDatabase {
  shared ??= new EtapeDatabase();
  return shared;
}
