import { useEffect, useState } from 'preact/hooks';
import type { DatabaseRef } from '../../db/database.ts';
import { HttpFailure, type HttpFailureKind } from '../../sync/http.ts';
import { refreshProgramme } from '../../sync/programme-refresh.ts';

export type RefreshState =
  | { status: 'refreshing' }
  | { status: 'done'; at: string }
  | { status: 'failed'; kind: HttpFailureKind };

/**
 * Keeps the stored programme current: refreshes on opening, when the network comes back and
 * when the page is shown again. The screen reads the database, never this request.
 */
export function useProgrammeRefresh(ref: DatabaseRef, slug: string): RefreshState {
  const [state, setState] = useState<RefreshState>({ status: 'refreshing' });
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
