import { describe, expect, it } from 'vitest';
import { createKioskSession, type Draft } from '../../../../src/features/kiosk/session.ts';

/** Timers run by hand: `advance(ms)` fires what is due. */
function manualTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  return {
    set: (run: () => void, ms: number) => {
      pending.set(next, { at: now + ms, run });
      return next++;
    },
    clear: (handle: unknown) => void pending.delete(handle as number),
    advance(ms: number) {
      now += ms;
      for (const [handle, timer] of [...pending]) {
        if (timer.at <= now) {
          pending.delete(handle);
          timer.run();
        }
      }
    },
  };
}

describe('kiosk session', () => {
  const setup = (record: (d: Draft) => Promise<unknown> = async () => undefined) => {
    const timers = manualTimers();
    const saved: Draft[] = [];
    const session = createKioskSession({
      record: async (draft) => {
        await record(draft);
        saved.push(draft);
      },
      timers,
      idleMs: 60_000,
      thanksMs: 4_000,
    });
    return { session, timers, saved };
  };

  it('goes faces → questions → "Merci !" → faces, with the answers given', async () => {
    const { session, timers, saved } = setup();
    session.rate(4);
    expect(session.state.step).toBe('questions');
    session.answer('profil', 'elu');
    session.toggle('moments', 'visite');
    session.toggle('moments', 'repas');
    session.toggle('moments', 'visite');
    session.text('idee', 'Un atelier vidéo');
    session.text('idee', 'Un atelier vidéo'); // the same input again keeps the text (a choice would be unpicked)
    session.comment('  Bravo  ');
    expect(await session.submit()).toBe(true);
    expect(saved).toEqual([{ rating: 4, answers: { profil: 'elu', moments: ['repas'], idee: 'Un atelier vidéo' }, comment: 'Bravo' }]);
    expect(session.state.step).toBe('thanks');
    timers.advance(3_999);
    expect(session.state.step).toBe('thanks');
    timers.advance(1);
    expect(session.state).toMatchObject({ step: 'faces', draft: { rating: null, answers: {}, comment: '' } });
  });

  it('sends once on a double tap, even while the first save is still running', async () => {
    let release: () => void = () => undefined;
    const { session, saved } = setup(() => new Promise<void>((resolve) => (release = resolve)));
    session.rate(5);
    const first = session.submit();
    const second = session.submit();
    release();
    expect(await Promise.all([first, second])).toEqual([true, false]);
    expect(await session.submit()).toBe(false); // on "Merci !" now
    expect(saved).toHaveLength(1);
  });

  it('clears a half-filled answer left alone for a minute, and a touch keeps it', async () => {
    const { session, timers, saved } = setup();
    session.rate(2);
    session.comment('à moitié');
    timers.advance(50_000);
    session.touch();
    timers.advance(50_000);
    expect(session.state.draft.comment).toBe('à moitié');
    timers.advance(10_000);
    expect(session.state).toMatchObject({ step: 'faces', draft: { rating: null, comment: '' } });
    expect(saved).toEqual([]);
  });

  it('refuses a comment over the limit in words and a rating out of range, sending nothing', async () => {
    const { session, saved } = setup();
    session.rate(9);
    expect(session.state.step).toBe('faces');
    session.rate(3);
    session.comment('x'.repeat(2001));
    expect(await session.submit()).toBe(false);
    expect(session.state.problem).toBe('kiosk.tooLong');
    session.comment('court');
    expect(await session.submit()).toBe(true);
    expect(saved.map((d) => d.comment)).toEqual(['court']);
  });

  it('keeps the answer and says so when the save fails', async () => {
    const { session } = setup(async () => {
      throw new Error('quota');
    });
    session.rate(3);
    session.comment('gardé');
    expect(await session.submit()).toBe(false);
    expect(session.state).toMatchObject({ step: 'questions', problem: 'kiosk.saveFailed', draft: { comment: 'gardé' } });
  });
});
