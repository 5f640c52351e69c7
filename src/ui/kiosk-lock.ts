/**
 * Whether staff unlocked this kiosk (with the organizer's PIN) to leave kiosk mode. Kept for this
 * tab only (sessionStorage): a kiosk device is sent back to /kiosk otherwise, reload included.
 */
const KEY = 'etape.kiosk.unlocked';

export function isKioskUnlocked(): boolean {
  try {
    return globalThis.sessionStorage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function setKioskUnlocked(unlocked: boolean): void {
  try {
    if (unlocked) globalThis.sessionStorage?.setItem(KEY, '1');
    else globalThis.sessionStorage?.removeItem(KEY);
  } catch {
    // Storage refused: the kiosk stays locked, which is the safe side.
  }
}
