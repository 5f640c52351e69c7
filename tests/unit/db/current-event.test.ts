import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentEventSlug, followsAnEvent, rememberEvent } from '../../../src/db/current-event.ts';

describe('the event a device follows', () => {
  let path = '/';
  beforeEach(() => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
    });
    vi.stubGlobal('location', {
      get pathname() {
        return path;
      },
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('a new visitor follows the demo week, then the event of the public address it opened, remembered offline and at /', () => {
    path = '/';
    expect(followsAnEvent()).toBe(false);
    expect(currentEventSlug()).toBe('tiers-lieux-lozere');
    path = '/e/lozere-2027/stages/s-1';
    expect(currentEventSlug()).toBe('lozere-2027');
    path = '/';
    expect(currentEventSlug()).toBe('lozere-2027');
    expect(followsAnEvent()).toBe(true);
    path = '/e/autre-2027';
    expect(currentEventSlug()).toBe('autre-2027');
  });

  it('an enrolled device follows its enrolment, whatever address it opens', () => {
    rememberEvent('mon-evenement');
    path = '/e/lozere-2027';
    expect(currentEventSlug()).toBe('mon-evenement');
  });
});
