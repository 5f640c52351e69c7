import { dirname, join, resolve } from 'node:path';
import { parseTrustProxy, type TrustProxy } from './auth/client-address.ts';
import type { DatabaseTarget } from './database/connect.ts';

/** Server settings, all from the environment (see README, "Configuration"). */
export interface ServerConfig {
  host: string;
  port: number;
  database: DatabaseTarget;
  /** Seed the demo week into an empty database (ETAPE_DEMO=0 turns it off). */
  seedDemo: boolean;
  /** Folder of the built app (vite build output). */
  staticDir: string;
  logLevel: string;
  /** The address people reach the app at (links in calendar files); unset: the request's own. */
  publicUrl: string | undefined;
  /** Where the first organizer link goes when stderr is not a terminal (ETAPE_FIRST_LINK_FILE). */
  firstLinkFile: string;
  /** Proxies in front of the server whose X-Forwarded-For is believed (TRUST_PROXY); none when unset. */
  trustProxy: TrustProxy;
  /** Time allowed to receive a whole request (30 s by default; see http/timeouts.ts). */
  requestTimeoutMs?: number;
  /** Time allowed to receive a request's headers (10 s by default). */
  headersTimeoutMs?: number;
}

/** A setting with a value the server cannot use; the message says which and why. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the configuration from environment variables, with the documented defaults. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${env.PORT}".`);
  }
  const url = env.DATABASE_URL?.trim();
  if (url && !/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// (leave it unset to use SQLite).');
  }
  const poolSize = env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined;
  if (poolSize !== undefined && (!Number.isInteger(poolSize) || poolSize < 2 || poolSize > 100)) {
    throw new ConfigError(`DATABASE_POOL_SIZE must be a whole number from 2 to 100, not "${env.DATABASE_POOL_SIZE}".`);
  }
  const database: DatabaseTarget = url
    ? { kind: 'postgres', url, ...(poolSize ? { poolSize } : {}) }
    : { kind: 'sqlite', file: resolve(cwd, env.DATABASE_FILE || 'data/etape.sqlite') };
  const demo = (env.ETAPE_DEMO ?? '1').trim().toLowerCase();
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\/[^/\s]+$/.test(publicUrl)) {
    throw new ConfigError(`PUBLIC_URL must be an origin such as https://etape.example.org, not "${env.PUBLIC_URL}".`);
  }
  let trustProxy: TrustProxy;
  try {
    trustProxy = parseTrustProxy(env.TRUST_PROXY);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    trustProxy,
    host: env.HOST || '127.0.0.1',
    port,
    database,
    seedDemo: !['0', 'false', 'no', 'off'].includes(demo),
    staticDir: resolve(cwd, env.ETAPE_STATIC_DIR || 'dist'),
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl,
    firstLinkFile: env.ETAPE_FIRST_LINK_FILE
      ? resolve(cwd, env.ETAPE_FIRST_LINK_FILE)
      : join(database.kind === 'sqlite' ? dirname(database.file) : resolve(cwd, 'data'), 'first-organizer-link.txt'),
  };
}
