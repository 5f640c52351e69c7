import { saveProgramme } from '../db/programme.ts';
import type { DatabaseRef } from '../db/database.ts';
import { programmePath } from '../shared/programme.ts';
import { HttpFailure, fetchWithTimeout, readJson } from './http.ts';
import { isProgrammeShape } from './programme-shape.ts';

/**
 * Fetches an event's public programme and stores it on the device. The stored copy is only
 * replaced by a complete answer of the right shape; any failure leaves it as it was and is
 * returned to the caller to show.
 */
export async function refreshProgramme(
  ref: DatabaseRef,
  slug: string,
  { baseUrl = '', now = () => new Date() }: { baseUrl?: string; now?: () => Date } = {},
): Promise<void> {
  const response = await fetchWithTimeout(baseUrl + programmePath(slug), { headers: { accept: 'application/json' } });
  const body = await readJson(response, 'The programme');
  if (!isProgrammeShape(body)) throw new HttpFailure('invalid', 'The programme sent by the server is malformed');
  await saveProgramme(ref, body, now().toISOString());
}
