import { useEffect, useState } from 'preact/hooks';
import { onTablesChanged } from './changes.ts';
import { APP_DATABASE, type DatabaseRef, type TableName } from './idb-store.ts';
import type { LiveResult } from './live-query.ts';

/** After a run that took T ms, the next one waits REST_FACTOR × T: a slow query takes at most a third of the main thread. */
export const REST_FACTOR = 2;

/**
 * Runs `query`, and runs it again whenever one of `tables` of the database `ref` names changes
 * (a write through idb or Dexie, in this tab or another; changes.ts), giving each result to
 * `onResult`. Runs never overlap: changes during a run make one more run, after a rest twice as
 * long as that run (REST_FACTOR). A fast query is not held up (a 5 ms read waits 10 ms); the
 * dashboard's figures over 100,000 check-ins, re-read after each page of a first pull, no longer
 * leave the pull only the gaps between their runs. Returns the stop function.
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
    for (;;) {
      again = false;
      const started = performance.now();
      try {
        const value = await query();
        if (alive) onResult({ status: 'ready', value });
      } catch (error) {
        if (alive) onResult({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      }
      if (!alive) break;
      const rest = (performance.now() - started) * REST_FACTOR;
      await new Promise((resolve) => setTimeout(resolve, rest));
      if (!again || !alive) break;
    }
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
