import { createInterface } from 'node:readline/promises';
import type { ServerConfig } from './config.ts';
import type { Database } from './database/connect.ts';
import { UsageError } from './cli-devices.ts';
import {
  eventArchiveCommand,
  eventCreateCommand,
  eventDeleteCommand,
  eventExportCommand,
  eventListCommand,
  eventPurgeCommand,
  slugArgument,
  type Ask,
} from './cli-events.ts';

type Out = (line: string) => void;

/** Asks on the terminal; with no terminal (a script), the answer is empty, so nothing is destroyed without --yes. */
export const terminalAsk: Ask = async (question) => {
  if (!process.stdin.isTTY) return '';
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await terminal.question(`${question} `);
  } finally {
    terminal.close();
  }
};

/** etape event SUBCOMMAND … */
export async function runEventCommand(
  sub: string,
  database: Database,
  config: ServerConfig,
  values: Record<string, string | boolean | undefined>,
  positionals: string[],
  out: Out,
  ask: Ask,
): Promise<number> {
  const noArguments = () => {
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".`);
  };
  switch (sub) {
    case 'create':
      noArguments();
      return eventCreateCommand(database, config, values, out);
    case 'list':
      noArguments();
      return eventListCommand(database, out);
    case 'archive':
      return eventArchiveCommand(database, slugArgument(sub, positionals), out);
    case 'export':
      return eventExportCommand(database, config, positionals, out);
    case 'purge':
      return eventPurgeCommand(database, positionals, values, out, ask);
    case 'delete':
      return eventDeleteCommand(database, positionals, values, out, ask);
    default:
      throw new UsageError(`unknown event command "${sub}": create, list, archive, export, purge or delete.`);
  }
}
