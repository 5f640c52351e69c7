import { describeFailure } from '../sync/failure.ts';
import type { MessageKey, Translate } from './i18n.ts';
import './messages/sync.ts';

/** The failures that are the state of the device itself: the sync bar has their words. */
const DEVICE_STATES: readonly string[] = ['revoked', 'storage', 'not-enrolled'];

/**
 * Why an action failed, for a screen's "Non enregistré : {reason}": the device's own states
 * (revoked, storage full, not enrolled: `describeFailure`, as the sync bar tells them) in the
 * interface's language; any other error's message.
 */
export function errorReason(error: unknown, t: Translate): string {
  const { kind } = describeFailure(error, '');
  if (DEVICE_STATES.includes(kind)) return t(`sync.error.${kind}` as MessageKey);
  return error instanceof Error ? error.message : String(error);
}
