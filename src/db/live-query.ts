import { useEffect, useState } from 'preact/hooks';
import { onTablesChanged } from './table-changes.ts';
import { APP_DATABASE, type DatabaseRef, type TableName } from './database.ts';
import { readIdentity, type DeviceIdentity } from './device.ts';

/** Result of a live query: `loading` until the first answer, then the value, or the error in words. */
export type LiveResult<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: Error };

/** After a run that took T ms, the next one waits REST_FACTOR × T: a slow query takes at most a third of the main thread. */
export const REST_FACTOR = 2;

/**
 * Runs `query`, and runs it again whenever one of `tables` of the database `ref` names changes
 * (a write committed in this tab or another; table-changes.ts), giving each result to
 * `onResult`. Runs never overlap: changes during a run make one more run, after a rest twice as
 * long as that run (REST_FACTOR). A fast query is not held up (a 5 ms read waits 10 ms); the
 * dashboard's figures over 100,000 check-ins, re-read after each page of a first pull, no longer
 * leave the pull only the gaps between their runs. With `same`, a run whose value is the same as
 * the last one given is not given again (a screen does not render again for nothing). Returns the
 * stop function.
 */
export function watchQuery<T>(
  query: () => Promise<T>,
  tables: readonly TableName[],
  ref: DatabaseRef,
  onResult: (result: LiveResult<T>) => void,
  same?: (before: T, after: T) => boolean,
): () => void {
  let alive = true;
  let running = false;
  let again = false;
  let last: { value: T } | undefined;
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
        if (alive && !(last && same?.(last.value, value))) onResult({ status: 'ready', value });
        last = { value };
      } catch (error) {
        last = undefined;
        if (alive) onResult({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
      }
      if (!alive) break;
      const rest = (performance.now() - started) * REST_FACTOR;
      await new Promise((resolve) => setTimeout(resolve, rest));
      if (!again || !alive) break;
    }
    running = false;
  };
  // Read again in a task of its own: the code that wrote (a scan's answer) goes on first.
  const stop = onTablesChanged(ref.name, (changed) => {
    if (changed.some((table) => tables.includes(table as TableName))) setTimeout(() => alive && void run(), 0);
  });
  void run();
  return () => {
    alive = false;
    stop();
  };
}

/**
 * The live query of every screen: `query`'s result, read again whenever one of `tables` changes
 * (watchQuery), so a screen never shows something the database does not hold. `tables` are those
 * `query` reads (it is not guessed); `deps` are the values `query` depends on, as for useEffect.
 */
export function useLiveQuery<T>(
  query: () => Promise<T>,
  tables: readonly TableName[],
  deps: unknown[],
  ref: DatabaseRef = APP_DATABASE,
  same?: (before: T, after: T) => boolean,
): LiveResult<T> {
  const [result, setResult] = useState<LiveResult<T>>({ status: 'loading' });
  useEffect(() => watchQuery(query, tables, ref, setResult, same), [...deps, ref.name]);
  return result;
}

/**
 * This device's identity, live (undefined when not enrolled). Every pull page and every scan
 * writes the meta table (cursor, clock, seq): the identity is read again then, but a screen
 * renders again only when it changed (an enrolment, a revocation).
 */
export function useIdentity(ref: DatabaseRef = APP_DATABASE): LiveResult<DeviceIdentity | undefined> {
  return useLiveQuery(() => readIdentity(ref), ['meta'], [], ref, sameIdentity);
}

export const sameIdentity = (before: DeviceIdentity | undefined, after: DeviceIdentity | undefined): boolean =>
  JSON.stringify(before) === JSON.stringify(after);
