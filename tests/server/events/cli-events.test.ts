import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/server/cli.ts';
import { ENGINE, createTestDatabase, type TestDatabase } from '../test-database.ts';

async function run(argv: string[], answer = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, (line) => out.push(line), (line) => err.push(line), async (question) => (out.push(question), answer));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const create = (...extra: string[]) =>
  run(['event', 'create', '--name', 'Semaine des tiers-lieux 2027', '--slug', 'tiers-lieux-2027', '--starts', '2027-05-10', '--ends', '2027-05-13', '--timezone', 'Europe/Paris', ...extra]);

describe(`etape event create and list (${ENGINE})`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());
  afterEach(() => vi.unstubAllEnvs());
  const useTestDatabase = () => {
    for (const [name, value] of Object.entries(test.env)) vi.stubEnv(name, value);
  };

  it('creates an event with its key pair and the demo form, and prints its first organizer link', async () => {
    useTestDatabase();
    const created = await create();
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toContain('Created "Semaine des tiers-lieux 2027" (tiers-lieux-2027), 2027-05-10 to 2027-05-13, Europe/Paris');
    expect(created.out).toContain('Enrolment link for a device with the organizer role');
    expect(created.out).toMatch(/\/enroll#code=[\w-]{20,}/);
    const database = await test.open();
    const event = await database.db.selectFrom('events').selectAll().where('slug', '=', 'tiers-lieux-2027').executeTakeFirstOrThrow();
    expect(event.badgePublicKey).toMatch(/^[\w-]{43}$/);
    expect(await database.db.selectFrom('eventSecrets').select('badgePrivateKey').where('eventId', '=', event.id).executeTakeFirst()).toBeDefined();
    const form = await database.db.selectFrom('forms').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(JSON.parse(form.questions)).toHaveLength(4);
    // Devices of the new event pull its event and form records.
    const logged = await database.db.selectFrom('changes').select('entity').where('eventId', '=', event.id).execute();
    expect(logged.map((row) => row.entity).sort()).toEqual(['event', 'form']);
    await database.close();
  });

  it('refuses bad input in words and creates nothing', async () => {
    useTestDatabase();
    const cases: [string[], string][] = [
      [['--slug', 'tiers-lieux-2027'], 'The slug "tiers-lieux-2027" is already taken'],
    ];
    for (const [extra, message] of cases) {
      const refused = await create(...extra);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain(message);
    }
    const bad = async (argv: string[]) => run(['event', 'create', ...argv]);
    const base = { name: 'X', slug: 'x-2027', starts: '2027-05-10', ends: '2027-05-13', timezone: 'Europe/Paris' };
    const args = (over: Partial<typeof base> & { locale?: string }) =>
      Object.entries({ ...base, ...over }).flatMap(([key, value]) => [`--${key}`, value]);
    const expectations: [Partial<typeof base> & { locale?: string }, string][] = [
      [{ slug: 'Tiers Lieux!' }, 'The slug must be 3 to 60 lower-case letters, digits or dashes'],
      [{ ends: '2027-05-09' }, 'The event ends (2027-05-09) before it starts (2027-05-10)'],
      [{ timezone: 'Europe/Lozere' }, 'Unknown time zone "Europe/Lozere"'],
      [{ starts: '2027-02-30' }, '--starts must be a real day written YYYY-MM-DD, not "2027-02-30"'],
      [{ ends: '13/05/2027' }, '--ends must be a real day written YYYY-MM-DD, not "13/05/2027"'],
      [{ name: ' ' }, '--name must not be empty'],
      [{ locale: 'de' }, '--locale must be fr or en'],
    ];
    for (const [over, message] of expectations) {
      const refused = await bad(args(over));
      expect(refused.err).toContain(message);
      expect(refused.code).toBe(2);
    }
    const missing = await bad(['--name', 'X']);
    expect(missing.err).toContain('event create needs --slug');
    const unknownFrom = await bad(args({ slug: 'y-2027' }).concat(['--from', 'nowhere']));
    expect(unknownFrom.err).toContain('No event "nowhere" to copy from');
    const database = await test.open();
    expect(await database.db.selectFrom('events').select('slug').execute()).toEqual([{ slug: 'tiers-lieux-2027' }]);
    await database.close();
  });

  it('copies another event\'s stages, talks and form onto the new dates, without people, check-ins or answers', async () => {
    useTestDatabase();
    expect((await run(['seed-demo'])).code).toBe(0);
    const database = await test.open();
    const demo = await database.db.selectFrom('events').selectAll().where('slug', '=', 'tiers-lieux-lozere').executeTakeFirstOrThrow();
    const copied = await run(['event', 'create', '--name', 'Lozère 2027', '--slug', 'lozere-2027', '--starts', '2027-05-10', '--ends', '2027-05-13', '--timezone', 'Europe/Paris', '--from', 'tiers-lieux-lozere']);
    expect(copied.err).toBe('');
    expect(copied.out).toContain('Copied 8 stages and 16 talks from tiers-lieux-lozere');
    const event = await database.db.selectFrom('events').selectAll().where('slug', '=', 'lozere-2027').executeTakeFirstOrThrow();
    const stages = await database.db.selectFrom('stages').selectAll().where('eventId', '=', event.id).orderBy('startsAt').execute();
    const demoStages = await database.db.selectFrom('stages').selectAll().where('eventId', '=', demo.id).orderBy('startsAt').execute();
    expect(stages.map((s) => s.town)).toEqual(demoStages.map((s) => s.town));
    // The first stage of the demo (Monday 14:00 in Paris) lands on Monday 10 May 2027 at 14:00 in Paris.
    expect(stages[0]!.startsAt).toBe('2027-05-10T12:00:00.000Z');
    expect(stages.every((s) => !demoStages.some((d) => d.id === s.id))).toBe(true);
    expect(await database.db.selectFrom('participants').select('id').where('eventId', '=', event.id).execute()).toEqual([]);
    const form = await database.db.selectFrom('forms').select('questions').where('id', '=', event.id).executeTakeFirstOrThrow();
    const demoForm = await database.db.selectFrom('forms').select('questions').where('id', '=', demo.id).executeTakeFirstOrThrow();
    expect(form.questions).toBe(demoForm.questions);
    await database.close();

    const listed = await run(['event', 'list']);
    expect(listed.code).toBe(0);
    const lines = listed.out.split('\n');
    expect(lines[0]).toBe(['slug', 'name', 'dates', 'status', 'stages', 'participants', 'check-ins', 'answers', 'devices'].join('\t'));
    expect(lines).toContain(['lozere-2027', 'Lozère 2027', '2027-05-10 to 2027-05-13', 'open', '8', '0', '0', '0', '0'].join('\t'));
    expect(lines.find((line) => line.startsWith('tiers-lieux-lozere\t'))).toMatch(/\topen\t8\t90\t0\t0\t0$/);
  });
});

describe(`etape enroll without --event (${ENGINE})`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());
  afterEach(() => vi.unstubAllEnvs());

  it('says there is no event yet, enrols in the only event, and asks which one when there are several', async () => {
    for (const [name, value] of Object.entries(test.env)) vi.stubEnv(name, value);
    const none = await run(['enroll', '--role', 'organizer']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('There is no event yet: create one with "etape event create"');
    expect((await create()).code).toBe(0);
    const only = await run(['enroll', '--role', 'animator']);
    expect(only.code).toBe(0);
    const database = await test.open();
    const codes = await database.db
      .selectFrom('enrolmentCodes')
      .innerJoin('events', 'events.id', 'enrolmentCodes.eventId')
      .select(['events.slug', 'enrolmentCodes.role'])
      .where('enrolmentCodes.role', '=', 'animator')
      .execute();
    expect(codes).toEqual([{ slug: 'tiers-lieux-2027', role: 'animator' }]);
    await database.close();
    expect((await run(['event', 'create', '--name', 'B', '--slug', 'autre-2027', '--starts', '2027-06-01', '--ends', '2027-06-02', '--timezone', 'Europe/Paris'])).code).toBe(0);
    const several = await run(['enroll', '--role', 'animator']);
    expect(several.code).toBe(2);
    expect(several.err).toContain('Say which event with --event SLUG: ');
  });
});

describe(`etape event archive (${ENGINE})`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());
  afterEach(() => vi.unstubAllEnvs());

  it('archives an event once, and refuses an unknown or missing slug in words', async () => {
    for (const [name, value] of Object.entries(test.env)) vi.stubEnv(name, value);
    expect((await create()).code).toBe(0);
    const archived = await run(['event', 'archive', 'tiers-lieux-2027']);
    expect(archived.code).toBe(0);
    expect(archived.out).toContain('tiers-lieux-2027 is archived (');
    expect((await run(['event', 'archive', 'tiers-lieux-2027'])).out).toContain('tiers-lieux-2027 was already archived on');
    expect((await run(['event', 'list'])).out).toContain('\tarchived\t');
    const unknown = await run(['event', 'archive', 'nowhere']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('No event "nowhere"');
    expect((await run(['event', 'archive'])).err).toContain('event archive needs the slug of an event');
    expect((await run(['event', 'dance'])).err).toContain('unknown event command "dance"');
  });
});

describe(`etape devices, per event (${ENGINE})`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());
  afterEach(() => vi.unstubAllEnvs());

  it('lists the devices of one event only', async () => {
    for (const [name, value] of Object.entries(test.env)) vi.stubEnv(name, value);
    expect((await create()).code).toBe(0);
    expect((await run(['event', 'create', '--name', 'B', '--slug', 'autre-2027', '--starts', '2027-06-01', '--ends', '2027-06-02', '--timezone', 'Europe/Paris'])).code).toBe(0);
    const database = await test.open();
    const events = await database.db.selectFrom('events').select(['id', 'slug']).execute();
    for (const event of events) {
      await database.db
        .insertInto('devices')
        .values({ id: `device-of-${event.slug}`, eventId: event.id, name: `Téléphone ${event.slug}`, role: 'animator', stageId: null, tokenHash: `hash-${event.slug}`, enrolledAt: new Date().toISOString(), revokedAt: null, lastSeenAt: null, pendingOps: 0 })
        .execute();
    }
    await database.close();
    const listed = await run(['devices', '--event', 'autre-2027']);
    expect(listed.out).toContain('device-of-autre-2027');
    expect(listed.out).not.toContain('device-of-tiers-lieux-2027');
    expect((await run(['devices'])).err).toContain('Say which event with --event SLUG');
    expect((await run(['devices', '--event', 'nowhere'])).err).toContain('No event "nowhere"');
  });
});
