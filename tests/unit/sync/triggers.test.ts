import { describe, expect, it } from 'vitest';
import { SYNC_NOW_EVENT, SYNC_REQUESTED, listenForTriggers, type TriggerReason } from '../../../src/sync/triggers.ts';

function sources() {
  const document = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
  return { window: new EventTarget(), document, serviceWorker: new EventTarget() };
}

describe('sync triggers', () => {
  it('fires when the network returns, when the page is hidden or shown again, and when the service worker asks', () => {
    const fired: TriggerReason[] = [];
    const s = sources();
    listenForTriggers((reason) => fired.push(reason), s);
    s.window.dispatchEvent(new Event('online'));
    s.document.dispatchEvent(new Event('visibilitychange'));
    s.document.visibilityState = 'visible';
    s.document.dispatchEvent(new Event('visibilitychange'));
    s.serviceWorker.dispatchEvent(new MessageEvent('message', { data: { type: 'SKIP_WAITING' } }));
    s.serviceWorker.dispatchEvent(new MessageEvent('message', { data: { type: SYNC_REQUESTED } }));
    expect(fired).toEqual(['online', 'hidden', 'visible', 'service-worker']);
  });

  it('fires when a screen asks for a sync (the kiosk staff panel dispatches the event by its name)', () => {
    const fired: TriggerReason[] = [];
    const s = sources();
    listenForTriggers((reason) => fired.push(reason), s);
    s.window.dispatchEvent(new Event('etape:sync-now'));
    expect(SYNC_NOW_EVENT).toBe('etape:sync-now');
    expect(fired).toEqual(['requested']);
  });

  it('stops listening when asked', () => {
    const fired: TriggerReason[] = [];
    const s = sources();
    listenForTriggers((reason) => fired.push(reason), s)();
    s.window.dispatchEvent(new Event('online'));
    expect(fired).toEqual([]);
  });
});
