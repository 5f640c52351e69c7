import type { Translate } from './i18n.ts';
import './messages/devices.ts';

/**
 * The states of the device itself that a write can end with (src/db/errors.ts), told apart by
 * name (src/ui takes no code from src/db), and the words the sync status has for them.
 */
const DEVICE_STATES = {
  DeviceRevokedError: 'sync.error.revoked',
  StorageFullError: 'sync.error.storage',
  NotEnrolledError: 'sync.error.not-enrolled',
} as const;

/**
 * Why an action failed, for a screen's "Non enregistré : {reason}": the device's own states
 * (revoked, storage full, not enrolled) in the interface's language; any other error's message.
 */
export function errorReason(error: unknown, t: Translate): string {
  const name = error instanceof Error ? error.name : undefined;
  if (name !== undefined && Object.hasOwn(DEVICE_STATES, name)) return t(DEVICE_STATES[name as keyof typeof DEVICE_STATES]);
  return error instanceof Error ? error.message : String(error);
}
