import { DEMO_EVENT_SLUG } from '../shared/programme.ts';

const KEY = 'etape.event';
/** The event a visitor's phone (not enrolled) last opened at a public address `/e/SLUG…`. */
const VISITED_KEY = 'etape.visited-event';
const EVENT_ADDRESS = /^\/e\/([^/]+)/;

/**
 * The event this device follows: the one it is enrolled in; else, for a visitor, the event of the
 * public address it opened (`/e/SLUG…`, remembered for `/`, `/programme` and offline visits);
 * else the demo week.
 */
export function currentEventSlug(): string {
  try {
    const enrolled = globalThis.localStorage?.getItem(KEY);
    if (enrolled) return enrolled;
    const opened = EVENT_ADDRESS.exec(globalThis.location?.pathname ?? '')?.[1];
    if (opened) {
      const slug = decodeURIComponent(opened);
      globalThis.localStorage?.setItem(VISITED_KEY, slug);
      return slug;
    }
    return globalThis.localStorage?.getItem(VISITED_KEY) || DEMO_EVENT_SLUG;
  } catch {
    return DEMO_EVENT_SLUG;
  }
}

/** Whether this device already follows an event (enrolled, or a visitor who opened one). */
export function followsAnEvent(): boolean {
  try {
    return Boolean(globalThis.localStorage?.getItem(KEY) || globalThis.localStorage?.getItem(VISITED_KEY));
  } catch {
    return false;
  }
}

/** Remembers the event a visitor chose (from the list at `/`). */
export function rememberVisitedEvent(slug: string): void {
  try {
    globalThis.localStorage?.setItem(VISITED_KEY, slug);
  } catch {
    // Storage refused: the address the visitor opens still says which event.
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
