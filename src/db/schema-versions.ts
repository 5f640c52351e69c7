/**
 * Every version of the device database's schema, in order, in Dexie's `stores()` syntax: the one
 * definition of the database. schema.ts declares them to Dexie (and is where a version would get
 * an upgrade function); idb-store.ts creates a new device's database from them without loading
 * Dexie (the public programme and the kiosk must not load its 30 KB), exactly as Dexie would.
 * No Dexie import here.
 *
 * Syntax: the first entry is the primary key, the others indexes; `&` unique, `*` multi-entry,
 * `++` auto-increment, `[a+b]` compound; a table set to null is deleted. Booleans are stored as
 * 0/1 where they must be indexed. IndexedDB version = Dexie version × 10.
 */
export const SCHEMA_VERSIONS: readonly { version: number; stores: Readonly<Record<string, string | null>> }[] = [
  {
    version: 1,
    stores: {
      events: 'id, &slug',
      stages: 'id, eventId, startsAt',
      talks: 'id, stageId, startsAt',
      participants: 'id, eventId, &badgeCode',
      meta: 'key',
    },
  },
  /*
   * Version 2: sync. The outbox's primary key is [deviceId+seq] because a device also forwards
   * ops imported from other devices' files; opId is unique so an op is queued at most once.
   * badgeCode is no longer unique: a pull must never fail on a constraint the server does not
   * have (an erased or re-issued badge), or the device would stop syncing for good.
   */
  {
    version: 2,
    stores: {
      participants: 'id, eventId, badgeCode',
      checkins: 'id, participantId, [stageId+participantId], [stageId+voided], [stageId+scannedAt]',
      feedback: 'id, stageId',
      outbox: '[deviceId+seq], &opId, deviceId',
      forms: 'eventId',
    },
  },
  /*
   * Version 3: acknowledged ops are kept at least 7 days (`sent`), so that a device sends again
   * what a server restored from a backup has lost (idb-outbox.ts).
   */
  {
    version: 3,
    stores: {
      sent: '[deviceId+seq], ackedAt',
    },
  },
];
