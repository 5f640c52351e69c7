import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

/** A budget (stated in the section's text, beside its figure) and whether the measured figure meets it. */
export interface BudgetCheck {
  what: string;
  pass: boolean;
}

/** What a bench module returns: its markdown section (without markers) and its budgets. */
export interface BenchSection {
  markdown: string;
  budgets: BudgetCheck[];
}

/** One bench module: `npm run bench -- NAME` runs it alone. */
export interface BenchModule {
  name: string;
  run(context: BenchContext): Promise<BenchSection>;
}

/** What every module gets: the built app, a way to start the real server, and cleanup. */
export interface BenchContext {
  root: string;
  appDir: string;
  /** Starts `etape serve` on a fresh SQLite file serving `appDir`; stopped at the end if still running. */
  startServer(): Promise<ServerProcess>;
  /** A fresh temporary directory, removed at the end. */
  tempDir(prefix: string): string;
  /** Runs `cleanup` at the end, even after an error (last registered, first run). */
  defer(cleanup: () => unknown): void;
  log(line: string): void;
}

/** A context and the function that releases everything it handed out. */
export function createContext(root: string, appDir: string): { context: BenchContext; dispose: () => Promise<void> } {
  const cleanups: (() => unknown)[] = [];
  const servers = new Set<ServerProcess>();
  const context: BenchContext = {
    root,
    appDir,
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), `etape-bench-${prefix}-`));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    async startServer() {
      const databaseFile = join(context.tempDir('db'), 'etape.sqlite');
      const server = await startServerProcess({
        NODE_ENV: 'production',
        DATABASE_URL: '',
        DATABASE_FILE: databaseFile,
        ETAPE_STATIC_DIR: appDir,
      });
      servers.add(server);
      cleanups.push(() => server.stop());
      return server;
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
    log(line) {
      console.log(`[bench] ${line}`);
    },
  };
  const dispose = async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop()!;
      try {
        await Promise.race([cleanup(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      } catch (error) {
        console.error('[bench] cleanup failed:', error);
      }
    }
  };
  /** Last resort if the process exits without dispose: no server may outlive the bench. */
  process.once('exit', () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });
  return { context, dispose };
}
