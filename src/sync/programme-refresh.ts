import * as v from 'valibot';
import { saveProgramme } from '../db/programme.ts';
import type { EtapeDatabase } from '../db/schema.ts';
import { ProgrammeSchema, programmePath } from '../shared/programme.ts';
import { HttpFailure, fetchWithTimeout } from './http.ts';

/**
 * Fetches an event's public programme and stores it on the device. The stored copy is only
 * replaced by a complete, valid answer; any failure leaves it as it was and is returned to
 * the caller to show.
 */
export async function refreshProgramme(
  db: EtapeDatabase,
  slug: string,
  { baseUrl = '', now = () => new Date() }: { baseUrl?: string; now?: () => Date } = {},
): Promise<void> {
  const response = await fetchWithTimeout(baseUrl + programmePath(slug), { headers: { accept: 'application/json' } });
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new HttpFailure('invalid', 'The programme sent by the server is not JSON');
  }
  const parsed = v.safeParse(ProgrammeSchema, body);
  if (!parsed.success) {
    throw new HttpFailure('invalid', `The programme sent by the server is malformed: ${parsed.issues[0].message}`);
  }
  await saveProgramme(db, parsed.output, now().toISOString());
}
