import { TABLES } from './schema.ts';

/**
 * The change signal of the device database: "these tables of this database changed", announced by
 * database.ts after every committed write, so that live queries (live-query.ts) re-read:
 *
 * - in this tab: listeners called at once (onTablesChanged);
 * - in the other tabs of this origin: one BroadcastChannel message, dispatched to their listeners;
 * - when a page comes back from the back/forward cache, it missed the other tabs' messages while
 *   frozen: every table is announced as changed.
 */

export interface TablesChanged {
  /** The IndexedDB database name ('etape' in the app, one per test). */
  database: string;
  tables: readonly string[];
}

type Listener = (change: TablesChanged) => void;

const CHANNEL = 'etape-db-changes';
const listeners = new Set<Listener>();
/** The databases this page wrote, or listened to (for the back/forward cache case). */
const known = new Set<string>();
let channel: BroadcastChannel | null | undefined;

function dispatch(change: TablesChanged): void {
  for (const listener of [...listeners]) {
    try {
      listener(change);
    } catch (error) {
      console.error('A change listener failed', error);
    }
  }
}

function connect(): BroadcastChannel | null {
  if (channel !== undefined) return channel;
  channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
  // Node (unit tests): the channel must not keep the process alive.
  (channel as { unref?: () => void } | null)?.unref?.();
  if (channel) {
    channel.onmessage = (event: MessageEvent<TablesChanged>) => {
      const { database, tables } = event.data ?? {};
      if (typeof database === 'string' && Array.isArray(tables)) dispatch({ database, tables });
    };
  }
  globalThis.addEventListener?.('pageshow', (event) => {
    if ((event as PageTransitionEvent).persisted) for (const database of known) dispatch({ database, tables: TABLES });
  });
  return channel;
}

/** After a transaction committed (database.ts): tells this tab and the other tabs. */
export function announceChanges(database: string, tables: readonly string[]): void {
  const change = { database, tables: [...tables] };
  known.add(database);
  dispatch(change);
  connect()?.postMessage(change);
}

/** Calls `listener` on every change of `database`'s tables, made in this tab or another; returns the unsubscribe function. */
export function onTablesChanged(database: string, listener: (tables: readonly string[]) => void): () => void {
  connect();
  known.add(database);
  const filtered: Listener = (change) => change.database === database && listener(change.tables);
  listeners.add(filtered);
  return () => listeners.delete(filtered);
}
