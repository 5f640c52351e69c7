import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/*
 * The door's sound starts only on a user gesture (browsers refuse it otherwise). unlockSound asks
 * for it inside a gesture, not outside one (where asking costs a scan a few ms for nothing), and not
 * again once it runs. The browser's AudioContext and user activation are stood in for: what is
 * tested is when the app asks.
 */

class FakeAudioContext {
  static made = 0;
  static resumes = 0;
  state: AudioContextState = 'suspended';
  constructor() {
    FakeAudioContext.made += 1;
  }
  resume(): Promise<void> {
    FakeAudioContext.resumes += 1;
    if (activation.isActive) this.state = 'running';
    return Promise.resolve();
  }
}

const activation = { isActive: false, hasBeenActive: false };

describe('the door sound', () => {
  beforeEach(() => {
    vi.resetModules();
    [FakeAudioContext.made, FakeAudioContext.resumes, activation.isActive] = [0, 0, false];
    vi.stubGlobal('AudioContext', FakeAudioContext);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is asked to start inside a gesture only, and not again once it runs', async () => {
    vi.stubGlobal('navigator', { userActivation: activation });
    const { unlockSound } = await import('../../../../src/features/checkin/scan-feedback.ts');
    unlockSound(); // a synthetic key, or a scan long after the last touch
    expect([FakeAudioContext.made, FakeAudioContext.resumes]).toEqual([0, 0]);
    activation.isActive = true; // a real key press of a wedge scanner, a tap
    unlockSound();
    expect([FakeAudioContext.made, FakeAudioContext.resumes]).toEqual([1, 1]);
    unlockSound();
    unlockSound();
    expect([FakeAudioContext.made, FakeAudioContext.resumes]).toEqual([1, 1]);
  });

  it('asks on every call while it does not run where the browser cannot tell a gesture (older Safari)', async () => {
    vi.stubGlobal('navigator', {});
    const { unlockSound } = await import('../../../../src/features/checkin/scan-feedback.ts');
    unlockSound();
    unlockSound();
    expect([FakeAudioContext.made, FakeAudioContext.resumes]).toEqual([1, 2]);
  });
});
