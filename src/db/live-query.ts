import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** Result of a live query: `loading` until the first answer, then the value, or the error in words. */
export type LiveResult<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: Error };

/**
 * Runs a Dexie query and re-runs it whenever the tables it read change (in this tab or another):
 * the database is the state, so a screen never shows something the database does not hold.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[]): LiveResult<T> {
  const [result, setResult] = useState<LiveResult<T>>({ status: 'loading' });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setResult({ status: 'ready', value }),
      error: (error: unknown) =>
        setResult({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return result;
}
