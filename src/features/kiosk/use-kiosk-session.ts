import { useEffect, useMemo, useState } from 'preact/hooks';
import { recordFeedback } from '../../db/feedback.ts';
import { APP_DATABASE } from '../../db/database.ts';
import { createKioskSession, type KioskSession, type SessionState } from './session.ts';

/** A turn machine for one stage whose answers go to the device's database (row + outbox op, one idb transaction). */
export function useKioskSession(stageId: string, options: { idleMs?: number } = {}): [KioskSession, SessionState] {
  const session = useMemo(
    () =>
      createKioskSession({
        record: (draft) => recordFeedback(APP_DATABASE, { stageId, rating: draft.rating, answers: draft.answers, comment: draft.comment }),
        ...options,
      }),
    [stageId],
  );
  const [state, setState] = useState(session.state);
  useEffect(() => {
    setState(session.state);
    const stop = session.subscribe(setState);
    return () => {
      stop();
      session.dispose();
    };
  }, [session]);
  return [session, state];
}
