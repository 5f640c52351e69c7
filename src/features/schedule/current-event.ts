import { DEMO_EVENT_SLUG } from '../../shared/programme.ts';

/** The event this device follows: the one it is enrolled in, else the demo week. */
export function currentEventSlug(): string {
  try {
    return globalThis.localStorage?.getItem('etape.event') || DEMO_EVENT_SLUG;
  } catch {
    return DEMO_EVENT_SLUG;
  }
}
