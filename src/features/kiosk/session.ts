import { FEEDBACK_COMMENT_MAX } from '../../shared/protocol.ts';

/**
 * One person's turn at the kiosk (or on a poster phone), apart from the screen: faces, then the
 * questions, then "Merci !" for a few seconds, then back to the faces. A half-filled answer left
 * alone for `idleMs` is cleared. `submit` sends at most once per turn: a double tap, or a tap
 * while the first is being saved, is ignored, and the turn ends only when the save committed.
 */

export type Answers = Record<string, string | string[]>;
export type Step = 'faces' | 'questions' | 'thanks';

export interface Draft {
  rating: number | null;
  answers: Answers;
  comment: string;
}

export interface SessionState {
  step: Step;
  draft: Draft;
  saving: boolean;
  /** Why the last submit was refused, in a message key of the kiosk catalogue. */
  problem: 'kiosk.tooLong' | 'kiosk.saveFailed' | null;
}

export interface SessionOptions {
  /** Saves the answer (one transaction); resolves once committed. */
  record(draft: Draft & { rating: number }): Promise<unknown>;
  idleMs?: number;
  thanksMs?: number;
  timers?: { set(run: () => void, ms: number): unknown; clear(handle: unknown): void };
}

export const KIOSK_IDLE_MS = 60_000;
export const KIOSK_THANKS_MS = 4_000;

const emptyDraft = (): Draft => ({ rating: null, answers: {}, comment: '' });
const realTimers = { set: (run: () => void, ms: number) => setTimeout(run, ms), clear: (h: unknown) => clearTimeout(h as number) };

export type KioskSession = ReturnType<typeof createKioskSession>;

/** A kiosk turn machine; `subscribe` is called on every change. */
export function createKioskSession({ record, idleMs = KIOSK_IDLE_MS, thanksMs = KIOSK_THANKS_MS, timers = realTimers }: SessionOptions) {
  let state: SessionState = { step: 'faces', draft: emptyDraft(), saving: false, problem: null };
  let timer: unknown;
  const listeners = new Set<(state: SessionState) => void>();

  const set = (next: Partial<SessionState>) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener(state);
  };
  const arm = (ms: number) => {
    if (timer !== undefined) timers.clear(timer);
    timer = timers.set(() => {
      timer = undefined;
      if (!state.saving) reset();
    }, ms);
  };
  const reset = () => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
    set({ step: 'faces', draft: emptyDraft(), saving: false, problem: null });
  };
  const edit = (draft: Partial<Draft>) => {
    if (state.step === 'thanks' || state.saving) return;
    set({ draft: { ...state.draft, ...draft }, problem: null });
    arm(idleMs);
  };

  return {
    get state() {
      return state;
    },
    subscribe(listener: (state: SessionState) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** A face was tapped: on to the questions. */
    rate(rating: number) {
      if (state.saving || state.step === 'thanks' || !Number.isInteger(rating) || rating < 1 || rating > 5) return;
      set({ step: 'questions', draft: { ...state.draft, rating }, problem: null });
      arm(idleMs);
    },
    /** Picks the one choice of a single-choice question (again to unpick). */
    answer(questionId: string, value: string) {
      const current = state.draft.answers[questionId];
      const answers = { ...state.draft.answers };
      if (value === '' || current === value) delete answers[questionId];
      else answers[questionId] = value;
      edit({ answers });
    },
    /** Types the short text of a text question (the same text again keeps it). */
    text(questionId: string, value: string) {
      const answers = { ...state.draft.answers };
      if (value === '') delete answers[questionId];
      else answers[questionId] = value;
      edit({ answers });
    },
    /** Ticks or unticks a choice of a multiple-choice question. */
    toggle(questionId: string, choiceId: string) {
      const current = state.draft.answers[questionId];
      const list = Array.isArray(current) ? current : [];
      const next = list.includes(choiceId) ? list.filter((id) => id !== choiceId) : [...list, choiceId];
      const answers = { ...state.draft.answers };
      if (next.length) answers[questionId] = next;
      else delete answers[questionId];
      edit({ answers });
    },
    comment(text: string) {
      edit({ comment: text });
    },
    /** Any touch on the screen: the answer is not idle. */
    touch() {
      if (state.step === 'questions' && !state.saving) arm(idleMs);
    },
    /** Sends the answer once; true if this call saved it. */
    async submit(): Promise<boolean> {
      const { draft } = state;
      if (state.saving || state.step !== 'questions' || draft.rating === null) return false;
      if (draft.comment.length > FEEDBACK_COMMENT_MAX) {
        set({ problem: 'kiosk.tooLong' });
        return false;
      }
      set({ saving: true, problem: null });
      try {
        await record({ ...draft, rating: draft.rating, comment: draft.comment.trim() });
      } catch {
        set({ saving: false, problem: 'kiosk.saveFailed' });
        arm(idleMs);
        return false;
      }
      set({ step: 'thanks', draft: emptyDraft(), saving: false });
      arm(thanksMs);
      return true;
    },
    /** Back to the faces at once (the "Merci !" screen tapped, or "start again"). */
    restart() {
      if (!state.saving) reset();
    },
    dispose() {
      if (timer !== undefined) timers.clear(timer);
      listeners.clear();
    },
  };
}
