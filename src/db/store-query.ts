import { useEffect, useState } from 'preact/hooks';
import { onTablesChanged } from './changes.ts';
import { APP_DATABASE, type DatabaseRef, type TableName } from './database.ts';
import type { LiveResult } from './live-query.ts';

/**
 * Runs `query`, and runs it again whenever one of `tables` of the database `ref` names changes
 * (a write through idb or Dexie, in this tab or another; changes.ts), giving each result to
 * `onResult`. Runs never overlap: changes during a run make one more run. Returns the stop function.
 */
export function watchStore<T>(query: () => Promise<T>, tables: readonly TableName[], ref: DatabaseRef, onResult: (result: LiveResult<T>) => void): () => void {
  let alive = true;
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    do {
      again = false;
      try {
        const value = await query();
        if (alive) onResult({ status: 'ready', value });
      } catch (error) {
        if (alive) onResult({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      }
    } while (again && alive);
    running = false;
  };
  const stop = onTablesChanged((change) => {
    if (change.database === ref.name && change.tables.some((table) => tables.includes(table as TableName))) void run();
  });
  void run();
  return () => {
    alive = false;
    stop();
  };
}

/**
 * The idb counterpart of useLiveQuery (live-query.ts), for the screens that do not load Dexie:
 * `query`'s result, read again whenever one of `tables` changes (watchStore).
 */
export function useStoreQuery<T>(query: () => Promise<T>, tables: readonly TableName[], deps: unknown[], ref: DatabaseRef = APP_DATABASE): LiveResult<T> {
  const [result, setResult] = useState<LiveResult<T>>({ status: 'loading' });
  useEffect(() => watchStore(query, tables, ref, setResult), [...deps, ref.name]);
  return result;
}
