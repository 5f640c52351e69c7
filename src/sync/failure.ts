import { DeviceRevokedError, NotEnrolledError, StorageFullError } from '../db/errors.ts';
import type { SyncError } from '../db/sync-state.ts';
import { HttpFailure } from './http.ts';

/**
 * A sync failure as the status shows it: a kind the UI words in French or English, and the
 * detail (for the curious and for support). A 401 is `unauthorized` whatever else: the server
 * no longer accepts this device's token (code `revoked` or unknown), and retrying will not help.
 */
export function describeFailure(error: unknown, at: string): SyncError {
  if (error instanceof DeviceRevokedError) return { kind: 'revoked', detail: error.message, at };
  if (error instanceof HttpFailure) {
    const kind = error.status === 401 ? (error.reason === 'revoked' ? 'revoked' : 'unauthorized') : error.kind;
    return { kind, detail: error.message, at, ...(error.status ? { status: error.status } : {}), ...(error.code ? { code: error.code } : {}) };
  }
  if (error instanceof StorageFullError) return { kind: 'storage', detail: error.message, at };
  if (error instanceof NotEnrolledError) return { kind: 'not-enrolled', detail: error.message, at };
  return { kind: 'device', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error), at };
}
