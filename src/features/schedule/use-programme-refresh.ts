import { useEffect, useState } from 'preact/hooks';
import type { DatabaseRef } from '../../db/database.ts';
import { HttpFailure, type HttpFailureKind } from '../../sync/http.ts';
import { refreshProgramme } from '../../sync/programme-refresh.ts';

export type RefreshState =
  /** Since when (the page's opening): a copy stored since then is the one this refresh fetched. */
  | { status: 'refreshing'; since: string }
  | { status: 'done'; at: string }
  | { status: 'failed'; kind: HttpFailureKind };

/**
 * Keeps the stored programme current: refreshes on opening, when the network comes back and
 * when the page is shown again. The screen reads the database, never this request.
 */
export function useProgrammeRefresh(ref: DatabaseRef, slug: string): RefreshState {
  const [state, setState] = useState<RefreshState>(() => ({ status: 'refreshing', since: new Date().toISOString() }));
  useEffect(() => {
    let live = true;
    let running = false;
    const refresh = async () => {
      if (running) return;
      running = true;
      try {
        await refreshProgramme(ref, slug);
        if (live) setState({ status: 'done', at: new Date().toISOString() });
      } catch (error) {
        if (live) setState({ status: 'failed', kind: error instanceof HttpFailure ? error.kind : 'invalid' });
      } finally {
        running = false;
      }
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    void refresh();
    window.addEventListener('online', refresh);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      window.removeEventListener('online', refresh);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [ref.name, slug]);
  return state;
}

/**
 * When the shown copy was last known current: when the refresh ended, or, while it is still ending,
 * when the copy it just stored was fetched (the page shows that copy before the refresh reports:
 * saying "saved on …" then "up to date" would change the line, and move the page under it).
 * Null when the copy shown may be old.
 */
export function upToDateAt(refresh: RefreshState, fetchedAt: string | null): string | null {
  if (refresh.status === 'done') return refresh.at;
  if (refresh.status === 'refreshing' && fetchedAt !== null && fetchedAt >= refresh.since) return fetchedAt;
  return null;
}
