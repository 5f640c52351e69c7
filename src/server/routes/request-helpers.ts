import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { clientAddressOf, rateLimitKey, type TrustProxy } from '../auth/client-address.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** The client's address (see auth/client-address.ts), set for every API request. */
    clientAddress: string;
  }
}

function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // outside a Node server (app.request in tests)
  }
}

/** Sets `clientAddress`: the socket's address, or the client a trusted proxy names (TRUST_PROXY). */
export function clientAddressMiddleware(trust: TrustProxy): MiddlewareHandler {
  return async (c, next) => {
    c.set('clientAddress', clientAddressOf(socketAddress(c), c.req.header('x-forwarded-for'), trust));
    await next();
  };
}

/** The caller's address, or 'unknown' outside a Node server (tests). */
export function clientAddress(c: Context): string {
  return c.get('clientAddress') ?? socketAddress(c);
}

/** Counts an attempt of this client (an IPv6 client by its /64); the seconds to wait if over the limit, else 0. */
export function hitByClient(limiter: RateLimiter, c: Context): number {
  return limiter.hit(rateLimitKey(clientAddress(c)));
}

/** The request's JSON body, or undefined if it is not JSON (validation then answers in words). */
export async function jsonBody(c: { req: { json(): Promise<unknown> } }): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}
