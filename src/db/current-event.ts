import { DEMO_EVENT_SLUG } from '../shared/programme.ts';

const KEY = 'etape.event';

/** The event this device follows: the one it is enrolled in, else the demo week. */
export function currentEventSlug(): string {
  try {
    return globalThis.localStorage?.getItem(KEY) || DEMO_EVENT_SLUG;
  } catch {
    return DEMO_EVENT_SLUG;
  }
}

/** Remembers the event of this device's enrolment. */
export function rememberEvent(slug: string): void {
  try {
    globalThis.localStorage?.setItem(KEY, slug);
  } catch {
    // Storage refused: the device follows the demo week's slug until enrolled again.
  }
}
