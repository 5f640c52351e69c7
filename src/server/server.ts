import type { Server, ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import type { ServerConfig } from './config.ts';
import { openDatabase, type Database } from './database/connect.ts';
import { migrateToLatest } from './database/migrate.ts';
import { isEmpty, seedDemoWeek } from './demo/seed.ts';
import { createEnrolmentCode, type NewCode } from './devices/enrolment.ts';
import { DEMO_EVENT_SLUG } from '../shared/programme.ts';
import { FIRST_LINK_VALID_MS } from './first-link.ts';
import { httpServerOptions } from './http/timeouts.ts';
import type { Logger } from './logger.ts';
import { scheduleRetention } from './events/retention.ts';

/** A server that is listening, with the address it got and a way to stop it cleanly. */
export interface RunningServer {
  url: string;
  database: Database;
  /** On the first start of an empty database with the demo week: a code to enrol the first organizer. */
  firstOrganizerCode?: NewCode;
  close(): Promise<void>;
}

/** Opens and migrates the database, seeds the demo week if it is empty, and listens. */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  const database = await openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) logger.info({ migrations: applied }, 'database migrated');
    let firstOrganizerCode: NewCode | undefined;
    if (config.seedDemo && (await isEmpty(database.db))) {
      const seeded = await seedDemoWeek(database.db);
      logger.info(seeded, 'demo week seeded');
      firstOrganizerCode = await createEnrolmentCode(database.db, {
        eventSlug: DEMO_EVENT_SLUG,
        role: 'organizer',
        expiresInMs: FIRST_LINK_VALID_MS,
      });
    }
    const app = createApp({ database, logger, staticDir: config.staticDir, publicUrl: config.publicUrl, trustProxy: config.trustProxy });
    const server = await listen(app.fetch, config.host, config.port, httpServerOptions(config.requestTimeoutMs, config.headersTimeoutMs));
    const stopRetention = scheduleRetention(database.db, logger);
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${host}:${port}`,
      database,
      ...(firstOrganizerCode ? { firstOrganizerCode } : {}),
      close: () =>
        (closing ??= new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        })
          .then(stopRetention)
          .then(() => database.close())),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

type HttpServer = ReturnType<typeof serve> & Server;

function listen(fetch: Parameters<typeof serve>[0]['fetch'], hostname: string, port: number, serverOptions: ServerOptions): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port, serverOptions }) as HttpServer;
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new Error(`Port ${port} on ${hostname} is already in use. Stop the other program or set PORT=… to another port.`));
      } else if (error.code === 'EACCES') {
        reject(new Error(`Not allowed to listen on ${hostname}:${port}. Choose a port above 1024 with PORT=….`));
      } else {
        reject(error);
      }
    });
  });
}
