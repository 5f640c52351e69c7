/**
 * The device database's layout at the latest schema version (src/db/schema.ts): each store's key
 * path, auto-increment, and each index's key path and flags. Every shipped build created it, the
 * Dexie builds included: the unit tests check a new and an upgraded database against it, the
 * end-to-end upgrade test makes an older one from it in a real engine.
 */

export interface StoreLayout {
  keyPath: string | string[];
  autoIncrement: boolean;
  indexes: { index: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
}

const index = (index: string, keyPath: string | string[], unique = false) => ({ index, keyPath, unique, multiEntry: false });
export const LATEST_LAYOUT: Record<string, StoreLayout> = {
  attendance: { keyPath: 'bucket', autoIncrement: false, indexes: [] },
  // What scans changed in attendance since its rows were last written (src/db/attendance.ts).
  attendanceLog: { keyPath: 'seq', autoIncrement: true, indexes: [] },
  // Check-ins in blocks (src/db/checkin-store.ts): one index entry per row of a block.
  checkins: {
    keyPath: 'block',
    autoIncrement: true,
    indexes: [
      { index: 'id', keyPath: 'ids', unique: true, multiEntry: true },
      { index: 'times', keyPath: 'times', unique: false, multiEntry: true },
      { index: 'who', keyPath: 'who', unique: false, multiEntry: true },
    ],
  },
  events: { keyPath: 'id', autoIncrement: false, indexes: [index('slug', 'slug', true)] },
  feedback: { keyPath: 'id', autoIncrement: false, indexes: [index('stageId', 'stageId')] },
  forms: { keyPath: 'eventId', autoIncrement: false, indexes: [] },
  meta: { keyPath: 'key', autoIncrement: false, indexes: [] },
  outbox: { keyPath: ['deviceId', 'seq'], autoIncrement: false, indexes: [index('deviceId', 'deviceId'), index('opId', 'opId', true)] },
  // Participants in blocks too (src/db/participant-store.ts).
  participants: {
    keyPath: 'block',
    autoIncrement: true,
    indexes: [
      { index: 'eventId', keyPath: 'events', unique: false, multiEntry: true },
      { index: 'id', keyPath: 'ids', unique: true, multiEntry: true },
    ],
  },
  participantKinds: { keyPath: 'bucket', autoIncrement: false, indexes: [] },
  sent: { keyPath: ['deviceId', 'seq'], autoIncrement: false, indexes: [index('ackedAt', 'ackedAt')] },
  stageCounts: { keyPath: 'stageId', autoIncrement: false, indexes: [] },
  stages: { keyPath: 'id', autoIncrement: false, indexes: [index('eventId', 'eventId'), index('startsAt', 'startsAt')] },
  talks: { keyPath: 'id', autoIncrement: false, indexes: [index('stageId', 'stageId'), index('startsAt', 'startsAt')] },
};
