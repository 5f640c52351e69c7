import type { MiddlewareHandler } from 'hono';

/**
 * `Cache-Control: no-store` on every API answer that is not public (pulls, device lists,
 * rejections, posters, exports, refusals): personal data must not stay in a browser's or a
 * proxy's cache. The public programme (`/api/public/`) sets its own (`no-cache`).
 */
export function noStoreOnPrivateApi(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.path.startsWith('/api/public/') && c.res.headers.has('cache-control')) return;
    c.res.headers.set('Cache-Control', 'no-store');
  };
}
