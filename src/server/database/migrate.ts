import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Tables } from './tables.ts';
import * as foundation from './migrations/001-foundation.ts';
import * as sync from './migrations/002-sync.ts';
import * as feedback from './migrations/004-feedback.ts';
import * as opIdentity from './migrations/005-op-identity.ts';
import * as earlyVoids from './migrations/006-early-voids.ts';
import * as events from './migrations/007-events.ts';
import * as security from './migrations/008-security.ts';
import * as pushIndexes from './migrations/009-push-indexes.ts';

/**
 * Every migration, in order. Add new ones at the end; never edit one that has shipped. A migration
 * uses only its own code (raw SQL, its own copies of constants), never live code that later changes.
 */
const migrations: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-sync': sync,
  '004-feedback': feedback,
  '005-op-identity': opIdentity,
  '006-early-voids': earlyVoids,
  '007-events': events,
  '008-security': security,
  '009-push-indexes': pushIndexes,
};

/** Every migration's name, in order. */
export const MIGRATION_NAMES = Object.keys(migrations);

/** Brings the schema to `name` and no further (tests build a database as an earlier version shipped it). */
export async function migrateTo(db: Kysely<Tables>, name: string): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Brings the schema up to date; throws with the failing migration's name if one fails. */
export async function migrateToLatest(db: Kysely<Tables>): Promise<string[]> {
  // There is no 003 (the badges needed no schema change); migrations run in name order.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`.replace('  ', ' '));
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
