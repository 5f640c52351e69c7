import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/server/cli.ts';
import { ENGINE, createTestDatabase, type TestDatabase } from './test-database.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe(`etape CLI (${ENGINE})`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());
  afterEach(() => vi.unstubAllEnvs());

  const useTestDatabase = () => {
    for (const [name, value] of Object.entries(test.env)) vi.stubEnv(name, value);
  };

  it('prints its help with every command', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed-demo']) expect(out).toContain(command);
  });

  it('refuses an unknown command or option with exit code 2 and says what to do', async () => {
    const unknown = await run('dance');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "dance"');
    expect(unknown.err).toContain('etape --help');
    const option = await run('migrate', '--colour');
    expect(option.code).toBe(2);
    expect(option.err).toMatch(/--colour/);
    const extra = await run('migrate', 'now');
    expect(extra.code).toBe(2);
    expect(extra.err).toContain('unexpected argument "now"');
  });

  it('migrates, seeds the demo week once, and reseeds it only with --reset', async () => {
    useTestDatabase();
    expect((await run('migrate')).out).toContain('001-foundation');
    expect((await run('migrate')).out).toBe('The database is up to date.');
    const first = await run('seed-demo');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/8 stages, \d+ talks, 90 participants/);
    const again = await run('seed-demo');
    expect(again.code).toBe(1);
    expect(again.out).toContain('--reset');
    expect((await run('seed-demo', '--reset')).code).toBe(0);
    const database = await test.open();
    expect(await database.db.selectFrom('events').select('id').execute()).toHaveLength(1);
    await database.close();
  });

  it('says clearly when it cannot open the database', async () => {
    if (ENGINE === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'etape-bad-'));
      writeFileSync(join(dir, 'not-a-folder'), '');
      vi.stubEnv('DATABASE_URL', '');
      vi.stubEnv('DATABASE_FILE', join(dir, 'not-a-folder', 'etape.sqlite'));
      const { code, err } = await run('migrate');
      expect(code).toBe(1);
      expect(err).toContain('Cannot open the SQLite database at');
    } else {
      vi.stubEnv('DATABASE_URL', 'postgres://postgres:secret@127.0.0.1:1/nothing');
      const { code, err } = await run('migrate');
      expect(code).toBe(1);
      expect(err).toContain('Cannot open the PostgreSQL database at postgres://postgres:***@127.0.0.1:1/nothing');
      expect(err).not.toContain('secret');
    }
  });

  it('refuses a bad PORT, DATABASE_URL or PUBLIC_URL in words', async () => {
    vi.stubEnv('PUBLIC_URL', 'etape.example.org/path');
    expect((await run('migrate')).err).toContain('PUBLIC_URL must be an origin such as https://etape.example.org');
    vi.stubEnv('PUBLIC_URL', '');
    vi.stubEnv('PORT', 'eighty');
    expect((await run('migrate')).err).toContain('PORT must be a whole number');
    vi.stubEnv('PORT', '');
    vi.stubEnv('DATABASE_URL', 'mysql://localhost/etape');
    expect((await run('migrate')).err).toContain('DATABASE_URL must start with postgres://');
  });
});
