import Dexie, { RangeSet, type EntityTable, type ObservabilitySet, type Table } from 'dexie';
import { announceDexieChanges, setDexieRelay, type TablesChanged } from './changes.ts';
import { SCHEMA_VERSIONS } from './schema-versions.ts';
import type { EventRecord, StageRecord, TalkRecord } from '../shared/domain.ts';
import type { CheckinRow, FeedbackRow, FormRow, MetaRow, OutboxRow, ParticipantRow, SentRow } from './schema.ts';

export type * from './schema.ts';

/** The names of the device databases this page made (the app's, or one per test), for the relay below. */
const openedDatabases = new Set<string>();
/** A database object never opened, made only to read the tables' schemas (see changedParts). */
const TEMPLATE_NAME = 'etape-schema-template';

/**
 * The device database, as Dexie sees it. Every version of its schema is in schema-versions.ts, in
 * order, and only there (idb-store.ts creates a new device's database from the same list); a
 * version that needs an upgrade function gets it here, after the loop: `this.version(n).upgrade(…)`.
 */
export class EtapeDatabase extends Dexie {
  events!: EntityTable<EventRecord, 'id'>;
  stages!: EntityTable<StageRecord, 'id'>;
  talks!: EntityTable<TalkRecord, 'id'>;
  participants!: EntityTable<ParticipantRow, 'id'>;
  checkins!: EntityTable<CheckinRow, 'id'>;
  feedback!: EntityTable<FeedbackRow, 'id'>;
  outbox!: Table<OutboxRow, [string, number]>;
  forms!: EntityTable<FormRow, 'eventId'>;
  sent!: Table<SentRow, [string, number]>;
  meta!: EntityTable<MetaRow, 'key'>;

  constructor(name = 'etape') {
    if (name !== TEMPLATE_NAME) openedDatabases.add(name);
    // No query cache: writes also reach this database through idb (idb-store.ts), which Dexie's
    // cache would not see; live queries re-read after each change instead (see the relay below).
    super(name, { cache: 'disabled' });
    for (const { version, stores } of SCHEMA_VERSIONS) this.version(version).stores(stores);
  }
}

let shared: EtapeDatabase | undefined;

/** The app's one database connection, opened lazily. */
export function database(): EtapeDatabase {
  shared ??= new EtapeDatabase();
  return shared;
}

/*
 * The relay between Dexie and the writes made through idb (changes.ts). A change announced by the
 * idb code becomes Dexie's documented `storagemutated` event (https://dexie.org/docs/Dexie/Dexie.on.storagemutated)
 * with every index of the changed tables, so Dexie's live queries re-read; Dexie then tells the
 * other tabs' Dexie itself. Dexie's own commits are announced the other way, for the screens on idb.
 * A change is never sent back where it came from (`relaying`), so the two never loop.
 */
let relaying = false;
let template: EtapeDatabase | undefined;
const EVERY_KEY = (): RangeSet => new RangeSet(-Infinity, [[[]]]);

/** Every part of the changed tables, as Dexie names them: `idb://<database>/<table>/<index>`. */
function changedParts({ database: name, tables }: TablesChanged): ObservabilitySet {
  template ??= new EtapeDatabase(TEMPLATE_NAME); // never opened: only its table schemas are read
  const parts: ObservabilitySet = {};
  for (const table of template.tables) {
    if (!tables.includes(table.name)) continue;
    const base = `idb://${name}/${table.name}/`;
    parts[base] = EVERY_KEY();
    parts[`${base}:dels`] = EVERY_KEY();
    for (const index of table.schema.indexes) if (index.name) parts[`${base}${index.name}`] = EVERY_KEY();
  }
  return parts;
}

setDexieRelay((change) => {
  relaying = true;
  try {
    Dexie.on('storagemutated').fire(changedParts(change));
  } finally {
    relaying = false;
  }
});

Dexie.on('storagemutated', (parts: ObservabilitySet) => {
  if (relaying) return;
  if ('all' in parts) {
    // "Everything may have changed" (Dexie sends it when a page comes back from the back/forward cache).
    template ??= new EtapeDatabase(TEMPLATE_NAME);
    for (const name of openedDatabases) announceDexieChanges(name, template.tables.map((table) => table.name));
    return;
  }
  const byDatabase = new Map<string, Set<string>>();
  for (const key of Object.keys(parts)) {
    const match = /^idb:\/\/(.*)\/(.*)\//.exec(key);
    if (!match) continue;
    const tables = byDatabase.get(match[1]!) ?? new Set<string>();
    byDatabase.set(match[1]!, tables.add(match[2]!));
  }
  for (const [name, tables] of byDatabase) announceDexieChanges(name, [...tables]);
});
