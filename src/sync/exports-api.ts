import { fetchWithTimeout } from './http.ts';
import { syncHeaders } from './request.ts';

/** The organizer's CSV exports (docs/operations.md, "Exports"). */
export type ExportFile = 'participants.csv' | 'checkins.csv' | 'feedback.csv';

/** Downloads an export of the device's event (needs the network and an organizer token). */
export async function fetchExport(token: string, eventSlug: string, file: ExportFile, baseUrl = '', separator: ',' | ';' = ','): Promise<Blob> {
  const url = `${baseUrl}/api/events/${encodeURIComponent(eventSlug)}/exports/${file}${separator === ';' ? '?separator=semicolon' : ''}`;
  const response = await fetchWithTimeout(url, { headers: syncHeaders(token) }, 60_000);
  return response.blob();
}
