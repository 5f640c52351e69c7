import type { DatabaseRef } from '../db/database.ts';

/** What push and pull need to talk to the server. */
export interface SyncRequestOptions {
  /** The device database (src/db/database.ts). */
  db: DatabaseRef;
  /** Origin of the server ('' for the page's own origin). */
  baseUrl: string;
  /** This device's token, sent as `Authorization: Bearer TOKEN`. */
  token: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** Aborts the request in flight (the engine was stopped). */
  signal?: AbortSignal;
  now?: () => number;
}

/** Headers of every sync request. */
export function syncHeaders(token: string): Record<string, string> {
  return { accept: 'application/json', authorization: `Bearer ${token}` };
}
