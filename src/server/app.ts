import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import type { TrustProxy } from './auth/client-address.ts';
import { RateLimiter } from './auth/rate-limit.ts';
import type { Database } from './database/connect.ts';
import { noStoreOnPrivateApi } from './http/cache.ts';
import { securityHeaders } from './http/security.ts';
import { staticApp } from './http/static-app.ts';
import type { Logger } from './logger.ts';
import { deviceRoutes } from './routes/devices.ts';
import { eventAdminRoutes } from './routes/event-admin.ts';
import { exportRoutes } from './routes/exports.ts';
import { healthRoutes } from './routes/health.ts';
import { posterRoutes } from './routes/posters.ts';
import { publicEventsRoutes } from './routes/public-events.ts';
import { publicProgrammeRoutes } from './routes/public-programme.ts';
import { clientAddressMiddleware } from './routes/request-helpers.ts';
import { syncRoutes } from './routes/sync.ts';
import { useSecurityLogger } from './security-log.ts';

export interface AppOptions {
  database: Database;
  logger: Logger;
  staticDir: string;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes?: number;
  /** Enrolment attempts allowed per address and minute (10 by default). */
  enrolmentsPerMinute?: number;
  /** Poster links opened per address and minute (60 by default: a whole workshop shares one Wi-Fi). */
  postersPerMinute?: number;
  /** The app's public origin for links in calendar files (PUBLIC_URL); the request's origin when unset. */
  publicUrl?: string;
  /** Proxies whose X-Forwarded-For names the client (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The whole HTTP surface: API under /api, the built app everywhere else. */
export function createApp({
  database,
  logger,
  staticDir,
  bodyLimitBytes = DEFAULT_BODY_LIMIT,
  enrolmentsPerMinute = 10,
  postersPerMinute = 60,
  publicUrl,
  trustProxy,
}: AppOptions): Hono {
  const app = new Hono();
  useSecurityLogger(logger);

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  app.use(securityHeaders());
  app.use(compress());
  app.use('/api/*', noStoreOnPrivateApi());
  app.use('/api/*', clientAddressMiddleware(trustProxy));
  const tooLarge = (c: Context) => c.json({ error: 'body-too-large', message: `The request body is over ${bodyLimitBytes} bytes.` }, 413);
  const limitStream = bodyLimit({ maxSize: bodyLimitBytes, onError: tooLarge });
  app.use('/api/*', async (c, next) => {
    // A body of known length is judged by its Content-Length alone (Node's HTTP parser reads no
    // more than that). hono/body-limit would first
    // look at the request's body stream, which makes the Node adapter build a web Request and
    // read every body (a push of 1,000 ops) through web streams instead of straight from Node.
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > bodyLimitBytes ? tooLarge(c) : next();
    }
    // A body of unknown length (chunked) is counted as it arrives.
    return limitStream(c, next);
  });

  app.route('/api/health', healthRoutes(database));
  app.route('/api/public', publicEventsRoutes(database));
  app.route('/api/public', publicProgrammeRoutes(database, publicUrl));
  app.route('/api/sync', syncRoutes(database, logger));
  app.route('/api/events', eventAdminRoutes(database, publicUrl));
  app.route('/api/events', exportRoutes(database));
  app.route('/api', posterRoutes(database, new RateLimiter(postersPerMinute, 60_000)));
  app.route('/api', deviceRoutes(database, new RateLimiter(enrolmentsPerMinute, 60_000)));
  app.all('/api/*', (c) => c.json({ error: 'not-found', message: `No API at ${c.req.method} ${c.req.path}.` }, 404));
  app.get('*', staticApp(staticDir));

  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    logger.error({ err: error, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'internal', message: 'The server could not handle this request. Try again; if it keeps failing, tell the organizer.' }, 500);
  });
  return app;
}
