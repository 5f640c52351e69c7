import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { POSTGRES_ADMIN_URL, START_POSTGRES_COMMAND, postgresAnswers } from './postgres.ts';

/**
 * Global setup of the PostgreSQL server suite: PostgreSQL must answer. If it is installed but
 * stopped, start it; if it still does not answer, fail at once with the command to run. Never skip.
 */
export default async function ensurePostgres(): Promise<void> {
  if (await postgresAnswers()) return;
  if (existsSync('/etc/postgresql')) {
    try {
      execSync(START_POSTGRES_COMMAND, { stdio: 'inherit', shell: '/bin/bash' });
    } catch {
      // Reported below with the command to run by hand.
    }
    for (let attempt = 0; attempt < 20 && !(await postgresAnswers()); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    if (await postgresAnswers()) return;
  }
  throw new Error(
    `PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}. The server suite runs on PostgreSQL too and never skips it.\n` +
      `Start it with:\n  ${START_POSTGRES_COMMAND}\n` +
      `or install it with:\n  apt-get install -y postgresql\n` +
      `or point ETAPE_TEST_POSTGRES_URL at a server where the user may create databases.`,
  );
}
