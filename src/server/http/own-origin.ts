import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** Whether a host name is this machine: `localhost` or an address of one of its network interfaces. */
function isOwnHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (!isIP(host)) return false;
  return Object.values(networkInterfaces()).some((addresses) => addresses?.some((address) => address.address.toLowerCase() === host));
}

/**
 * The origin to write in links the server makes (calendar files): PUBLIC_URL when it is set;
 * otherwise the request's origin only if it names this machine (localhost or one of its own
 * addresses, as a phone on the same Wi-Fi reaches it), never a host a client made up; else none.
 */
export function linkOrigin(requestUrl: string, publicUrl: string | undefined): string | undefined {
  if (publicUrl) return publicUrl;
  const url = new URL(requestUrl);
  return isOwnHost(url.hostname) ? url.origin : undefined;
}
