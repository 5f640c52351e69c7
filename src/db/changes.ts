/**
 * "These tables of this database changed": the change signal of the code that writes through idb
 * (idb-store.ts), so that screens re-read what they show. Dexie's live queries only see writes made
 * through Dexie, and idb has no change events, hence this small signal:
 *
 * - in this tab: listeners called at once (onTablesChanged);
 * - in the other tabs of this origin: one BroadcastChannel message, dispatched to their listeners;
 * - to Dexie, where this tab has loaded it: schema.ts registers a relay (setDexieRelay) that turns a
 *   change into Dexie's documented `storagemutated` event, and feeds Dexie's own commits back here
 *   (announceDexieChanges), so a screen on idb also sees writes made through Dexie.
 *
 * No loop: a change that came from Dexie is never relayed to Dexie again, and a message from a
 * tab whose relay already told its Dexie (which tells the other tabs' Dexie itself) is not relayed again.
 */

export interface TablesChanged {
  /** The IndexedDB database name ('etape' in the app, one per test). */
  database: string;
  tables: readonly string[];
}

type Listener = (change: TablesChanged) => void;
type Message = TablesChanged & { relayed: boolean };

const CHANNEL = 'etape-db-changes';
const listeners = new Set<Listener>();
let relay: Listener | undefined;
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
    channel.onmessage = (event: MessageEvent<Message>) => {
      const { database, tables, relayed } = event.data ?? {};
      if (typeof database !== 'string' || !Array.isArray(tables)) return;
      const change = { database, tables };
      dispatch(change);
      if (!relayed) relay?.(change);
    };
  }
  return channel;
}

/** After an idb transaction committed: tells this tab, Dexie (if loaded here), and the other tabs. */
export function announceChanges(database: string, tables: readonly string[]): void {
  const change = { database, tables: [...tables] };
  dispatch(change);
  relay?.(change);
  connect()?.postMessage({ ...change, relayed: relay !== undefined } satisfies Message);
}

/** After a Dexie transaction committed (called by the relay of schema.ts): tells this tab and the other tabs. */
export function announceDexieChanges(database: string, tables: readonly string[]): void {
  const change = { database, tables: [...tables] };
  dispatch(change);
  connect()?.postMessage({ ...change, relayed: true } satisfies Message);
}

/** Calls `listener` on every change, made in this tab or another; returns the unsubscribe function. */
export function onTablesChanged(listener: Listener): () => void {
  connect();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Installed once by schema.ts, the module that knows Dexie. */
export function setDexieRelay(next: Listener): void {
  relay = next;
  connect();
}
