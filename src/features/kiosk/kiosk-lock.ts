/**
 * Whether staff unlocked this kiosk (with the organizer's PIN) to leave kiosk mode. Kept for this
 * tab only (sessionStorage): a kiosk device is sent back to /kiosk otherwise, reload included.
 * The app shell reads the same key itself (App.tsx), so that this module stays out of the main bundle.
 */
const KEY = 'etape.kiosk.unlocked';

export function setKioskUnlocked(unlocked: boolean): void {
  try {
    if (unlocked) globalThis.sessionStorage?.setItem(KEY, '1');
    else globalThis.sessionStorage?.removeItem(KEY);
  } catch {
    // Storage refused: the kiosk stays locked, which is the safe side.
  }
}
