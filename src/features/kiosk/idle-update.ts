import { useEffect } from 'preact/hooks';

/**
 * The kiosk's own update rule: a new version of the app (a waiting service worker) is applied
 * only while `idle` (the faces screen, nobody mid-answer, nothing waiting to be sent). The
 * page's update banner is not shown on the kiosk. While idle, the kiosk also asks the server for
 * a new version now and then (a kiosk is never hidden or navigated, the usual moments to check).
 */
const CHECK_EVERY_MS = 15 * 60_000;
const LOOK_EVERY_MS = 2_000;

export function useIdleUpdate(idle: boolean): void {
  useEffect(() => {
    const container = globalThis.navigator?.serviceWorker;
    if (!idle || !container) return;
    let applying = false;
    const apply = async () => {
      const registration = await container.getRegistration();
      if (!registration?.waiting || applying) return;
      applying = true;
      container.addEventListener('controllerchange', () => window.location.reload(), { once: true });
      registration.waiting.postMessage({ type: 'SKIP_WAITING' });
    };
    const check = async () => (await container.getRegistration())?.update().catch(() => undefined);
    void apply();
    const look = setInterval(() => void apply(), LOOK_EVERY_MS);
    const ask = setInterval(() => void check(), CHECK_EVERY_MS);
    return () => {
      clearInterval(look);
      clearInterval(ask);
    };
  }, [idle]);
}
