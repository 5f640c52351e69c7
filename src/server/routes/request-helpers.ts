import { getConnInfo } from '@hono/node-server/conninfo';

/** The caller's address (the key of rate limits), or 'unknown' outside a Node server (tests). */
export function clientAddress(c: Parameters<typeof getConnInfo>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The request's JSON body, or undefined if it is not JSON (validation then answers in words). */
export async function jsonBody(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}
