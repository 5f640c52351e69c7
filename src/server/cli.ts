import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ensureAppBuilt } from './build-app.ts';
import {
  UsageError,
  devicesCommand,
  enrollCommand,
  importOpsCommand,
  publicBaseUrl,
  revokeCommand,
} from './cli-devices.ts';
import { runEventCommand, terminalAsk } from './cli-event-commands.ts';
import type { Ask } from './cli-events.ts';
import { ConfigError, readConfig, type ServerConfig } from './config.ts';
import { DatabaseOpenError, openDatabase } from './database/connect.ts';
import { migrateToLatest } from './database/migrate.ts';
import { hasDemoEvent, removeDemoEvent, seedDemoWeek } from './demo/seed.ts';
import { deliverFirstOrganizerLink } from './first-link.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';
import { VERSION } from './version.ts';
import { DEMO_EVENT_SLUG } from '../shared/programme.ts';

const HELP = `Étape ${VERSION}: offline-first event app and sync server.

Usage: etape <command> [options]

Commands:
  serve              Migrate the database, seed the demo week if it is empty, and serve
                     the app and the API (builds the app first if it is missing or stale).
  migrate            Bring the database schema up to date, then exit.
  seed-demo          Add the demo week ("tiers-lieux-lozere") placed on the current or next week.
    --reset          Replace the demo week if it is already there (its check-ins and edits are lost).
  enroll             Print a single-use enrolment link (and its QR code) for a new device.
    --role ROLE      organizer, animator or kiosk (required)
    --event SLUG     the event (default: the only event, else the demo week)
    --stage ID       bind the device to a stage (animators and kiosks)
    --expires 24h    how long the link works: 30m, 24h, 7d… (default 24h)
  devices            List the enrolled devices of an event: role, stage, last seen, ops waiting.
    --event SLUG     the event (default: the only event, else the demo week)
  revoke ID          Revoke a device: its token is refused from its next request on.
  import-ops FILE    Apply the ops a device exported to a file (no network at the stand).
  event create       Create an event and print its first organizer enrolment link.
    --name TEXT --slug SLUG --starts YYYY-MM-DD --ends YYYY-MM-DD --timezone Europe/Paris
    [--locale fr|en] [--from SLUG]   (--from copies that event's stages, talks and form)
  event list         Every event: slug, name, dates, status, counts.
  event archive SLUG Make an event read-only (check-ins and answers made before still arrive).
  event export SLUG FILE   Write everything of the event to one .zip file.
  event purge SLUG   Erase participants' names, organisations and e-mails now (asks first).
  event delete SLUG  Remove the event and everything of it; its devices are refused (asks first).
    --yes            Do not ask (for scripts).

Options:
  -h, --help         Show this help.
  -v, --version      Show the version.

Environment:
  HOST (127.0.0.1), PORT (8080), DATABASE_FILE (data/etape.sqlite),
  DATABASE_URL (postgres://… selects PostgreSQL), ETAPE_DEMO (1; 0 starts empty), LOG_LEVEL (info),
  PUBLIC_URL (the public origin behind a proxy), TRUST_PROXY (behind a proxy: 1, or its addresses).
  On the first start, the organizer's enrolment link (single use, 24 h) goes to the terminal
  (stderr) if there is one, else to ETAPE_FIRST_LINK_FILE (first-organizer-link.txt beside the
  SQLite file, or in data/), readable by its owner only; never to stdout, where the logs go.
`;

type Out = (line: string) => void;

/** Runs the command line; resolves to the exit code (serve resolves once it is listening). */
export async function runCli(argv: string[], out: Out = console.log, err: Out = console.error, ask: Ask = terminalAsk): Promise<number> {
  try {
    return await dispatch(argv, out, ask);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`etape: ${error.message}\nRun "etape --help" for the commands and options.`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof DatabaseOpenError) {
      err(`etape: ${error.message}`);
      return 1;
    }
    err(`etape: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']> = {}): Parsed {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' }, ...options },
    }) as Parsed;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function dispatch(argv: string[], out: Out, ask: Ask): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    out(HELP);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    out(VERSION);
    return 0;
  }
  switch (command) {
    case 'serve':
      return serveCommand(rest, out);
    case 'migrate':
      return migrateCommand(rest, out);
    case 'seed-demo':
      return seedCommand(rest, out);
    case 'enroll': {
      const { values, positionals } = parse(rest, {
        role: { type: 'string' },
        event: { type: 'string' },
        stage: { type: 'string' },
        expires: { type: 'string' },
      });
      if (values.help) return (out(HELP), 0);
      noExtraArguments(positionals);
      const config = readConfig();
      return withDatabase(config, async (database) => {
        await migrateToLatest(database.db);
        return enrollCommand(database, config, values, out);
      });
    }
    case 'devices':
    case 'revoke':
    case 'import-ops': {
      const { values, positionals } = parse(rest, command === 'devices' ? { event: { type: 'string' } } : {});
      if (values.help) return (out(HELP), 0);
      if (positionals.length > (command === 'devices' ? 0 : 1)) throw new UsageError(`unexpected argument "${positionals.at(-1)}".`);
      return withDatabase(readConfig(), async (database) => {
        await migrateToLatest(database.db);
        if (command === 'devices') return devicesCommand(database, out, typeof values.event === 'string' ? values.event : undefined);
        if (command === 'revoke') return revokeCommand(database, positionals[0], out);
        return importOpsCommand(database, positionals[0], out);
      });
    }
    case 'event': {
      const [sub, ...args] = rest;
      const { values, positionals } = parse(args, {
        name: { type: 'string' },
        slug: { type: 'string' },
        starts: { type: 'string' },
        ends: { type: 'string' },
        timezone: { type: 'string' },
        locale: { type: 'string' },
        from: { type: 'string' },
        yes: { type: 'boolean' },
      });
      if (values.help || sub === undefined) return (out(HELP), 0);
      const config = readConfig();
      return withDatabase(config, async (database) => {
        await migrateToLatest(database.db);
        return runEventCommand(sub, database, config, values, positionals, out, ask);
      });
    }
    default:
      throw new UsageError(`unknown command "${command}".`);
  }
}

function noExtraArguments(positionals: string[]): void {
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".`);
}

async function serveCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) return (out(HELP), 0);
  noExtraArguments(positionals);
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  if (!process.env.ETAPE_STATIC_DIR) await ensureAppBuilt(process.cwd(), config.staticDir, out);
  const server = await startServer(config, logger);
  out(`Étape ${VERSION} is serving ${server.url} (database: ${server.database.kind}, ${server.database.location}).`);
  const events = await server.database.db.selectFrom('events').select('slug').orderBy('startsOn').execute();
  if (events.length === 0) {
    out('No event yet. Create the first one:');
    out('  npx etape event create --name "Semaine des tiers-lieux 2027" --slug tiers-lieux-2027 \\');
    out('    --starts 2027-05-10 --ends 2027-05-13 --timezone Europe/Paris');
    out('It prints the link that enrols your browser as its organizer. ("npx etape --help" lists the options.)');
  } else if (events.some((event) => event.slug === DEMO_EVENT_SLUG)) {
    out(`Programme of the demo week: ${server.url}/programme`);
  }
  for (const { slug } of events) if (slug !== DEMO_EVENT_SLUG) out(`Programme of ${slug}: ${server.url}/e/${slug}`);
  if (server.firstOrganizerCode) {
    const { code, expiresAt } = server.firstOrganizerCode;
    const base = config.publicUrl ?? (config.port === 0 ? server.url : publicBaseUrl(config));
    // Never on stdout (the logs' stream): whoever reads the logs would enrol as organizer.
    await deliverFirstOrganizerLink(`${base}/enroll#code=${code}`, expiresAt, { out, terminal: process.stderr, file: config.firstLinkFile });
  }
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return 0;
}

async function withDatabase<T>(config: ServerConfig, work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) {
  const database = await openDatabase(config.database);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function migrateCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) return (out(HELP), 0);
  noExtraArguments(positionals);
  const config = readConfig();
  const applied = await withDatabase(config, (database) => migrateToLatest(database.db));
  out(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}.` : 'The database is up to date.');
  return 0;
}

async function seedCommand(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv, { reset: { type: 'boolean' } });
  if (values.help) return (out(HELP), 0);
  noExtraArguments(positionals);
  const config = readConfig();
  return withDatabase(config, async ({ db }) => {
    await migrateToLatest(db);
    if (await hasDemoEvent(db)) {
      if (!values.reset) {
        out('The demo week is already there. Use "etape seed-demo --reset" to replace it.');
        return 1;
      }
      await removeDemoEvent(db);
    }
    const seeded = await seedDemoWeek(db);
    out(
      `Seeded the demo week from Monday ${seeded.monday}: ${seeded.stages} stages, ${seeded.talks} talks, ` +
        `${seeded.participants} participants.`,
    );
    return 0;
  });
}
