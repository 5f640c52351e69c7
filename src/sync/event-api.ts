import { fetchWithTimeout, readJson } from './http.ts';
import { syncHeaders } from './request.ts';

/** The organizer's calls about the whole event (they need the network: the server holds every device's data). */

/** Archives the device's event; resolves to the archive time. */
export async function archiveOnServer(token: string, slug: string, baseUrl = ''): Promise<string> {
  const response = await fetchWithTimeout(`${baseUrl}/api/events/${encodeURIComponent(slug)}/archive`, { method: 'POST', headers: syncHeaders(token) });
  return ((await readJson(response, 'The archive answer')) as { archivedAt: string }).archivedAt;
}

/** Downloads everything of the event as one .zip; the report quotes the comments picked on the dashboard. */
export async function fetchEventZip(token: string, slug: string, comments: readonly string[], baseUrl = ''): Promise<Blob> {
  const query = comments.length ? `?comments=${comments.map(encodeURIComponent).join(',')}` : '?comments=';
  const response = await fetchWithTimeout(`${baseUrl}/api/events/${encodeURIComponent(slug)}/export.zip${query}`, { headers: syncHeaders(token) }, 120_000);
  return response.blob();
}
