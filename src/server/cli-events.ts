import type { ServerConfig } from './config.ts';
import type { Database } from './database/connect.ts';
import { UsageError, printEnrolmentLink, publicBaseUrl } from './cli-devices.ts';
import { createEnrolmentCode } from './devices/enrolment.ts';
import { archiveEvent } from './events/archive-event.ts';
import { eventZip } from './events/export-zip.ts';
import { deleteEvent, eventContents } from './events/delete-event.ts';
import { purgeEvent } from './events/retention.ts';
import { writeFile } from 'node:fs/promises';
import { createEvent } from './events/create-event.ts';
import { EventInputError, checkNewEvent } from './events/event-input.ts';
import { listEvents } from './events/list-events.ts';

type Out = (line: string) => void;
/** Asks a question on the terminal and resolves to the answer. */
export type Ask = (question: string) => Promise<string>;
type Values = Record<string, string | boolean | undefined>;

const text = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

/** Runs `work`, turning a refusal of the input into a usage error (exit code 2, the message as it is). */
async function refusingInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EventInputError) throw new UsageError(error.message);
    throw error;
  }
}

/** etape event create --name … --slug … --starts … --ends … --timezone … [--locale fr] [--from SLUG] */
export async function eventCreateCommand(database: Database, config: ServerConfig, values: Values, out: Out): Promise<number> {
  const input = await refusingInput(async () =>
    checkNewEvent({
      name: text(values.name),
      slug: text(values.slug),
      starts: text(values.starts),
      ends: text(values.ends),
      timezone: text(values.timezone),
      locale: text(values.locale),
      from: text(values.from),
    }),
  );
  const created = await refusingInput(() => createEvent(database.db, input));
  out(`Created "${input.name}" (${input.slug}), ${input.startsOn} to ${input.endsOn}, ${input.timeZone}.`);
  if (created.copied) out(`Copied ${created.copied.stages} stages and ${created.copied.talks} talks from ${input.from}, with its feedback form.`);
  out(`Its programme: ${publicBaseUrl(config)}/e/${input.slug}`);
  const code = await createEnrolmentCode(database.db, { eventSlug: input.slug, role: 'organizer', expiresInMs: 7 * 86_400_000 });
  await printEnrolmentLink(out, publicBaseUrl(config), code.code, 'organizer', code.expiresAt);
  return 0;
}

/** etape event list */
export async function eventListCommand(database: Database, out: Out): Promise<number> {
  const events = await listEvents(database.db);
  if (events.length === 0) {
    out('No event yet. Create one with: etape event create --name "…" --slug … --starts YYYY-MM-DD --ends YYYY-MM-DD --timezone Europe/Paris');
    return 0;
  }
  out(['slug', 'name', 'dates', 'status', 'stages', 'participants', 'check-ins', 'answers', 'devices'].join('\t'));
  for (const e of events) {
    const status = e.purgedAt ? `${e.status}, personal data erased` : e.status;
    out([e.slug, e.name, `${e.startsOn} to ${e.endsOn}`, status, e.stages, e.participants, e.checkins, e.answers, e.devices].join('\t'));
  }
  return 0;
}

/** The slug a command names, or a usage error saying what is missing. */
export function slugArgument(command: string, positionals: string[], count = 1): string {
  if (positionals.length === 0) throw new UsageError(`event ${command} needs the slug of an event (see "etape event list").`);
  if (positionals.length > count) throw new UsageError(`unexpected argument "${positionals[count]}".`);
  return positionals[0]!;
}

/** etape event archive SLUG */
export async function eventArchiveCommand(database: Database, slug: string, out: Out): Promise<number> {
  const archived = await archiveEvent(database.db, slug);
  if (!archived) throw new UsageError(`No event "${slug}" (see "etape event list").`);
  if (archived.already) {
    out(`${slug} was already archived on ${archived.archivedAt}.`);
    return 0;
  }
  out(`${slug} is archived (${archived.archivedAt}): it is read-only from now on. Check-ins and answers made before this time`);
  out('still arrive from devices that were offline; its dashboard, report and exports stay available.');
  return 0;
}

/** etape event export SLUG FILE */
export async function eventExportCommand(database: Database, config: ServerConfig, positionals: string[], out: Out): Promise<number> {
  const slug = slugArgument('export', positionals, 2);
  const file = positionals[1];
  if (!file) throw new UsageError('event export needs the slug and the file to write, like: etape event export tiers-lieux-2027 semaine.zip');
  const zip = await eventZip(database.db, slug, config.publicUrl ?? publicBaseUrl(config));
  if (!zip) throw new UsageError(`No event "${slug}" (see "etape event list").`);
  try {
    await writeFile(file, zip);
  } catch (error) {
    throw new UsageError(`Cannot write ${file}: ${(error as Error).message}`);
  }
  out(`Wrote ${file} (${Math.ceil(zip.byteLength / 1024)} KB): participants, check-ins and answers (CSV), the programme (.ics and .json), the report (HTML).`);
  return 0;
}

async function findEvent(database: Database, slug: string) {
  const event = await database.db.selectFrom('events').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
  if (!event) throw new UsageError(`No event "${slug}" (see "etape event list").`);
  return event;
}

/** Asks to type the slug back (unless --yes); false, and a word saying nothing was done, otherwise. */
async function confirmed(slug: string, values: Values, ask: Ask, out: Out): Promise<boolean> {
  if (values.yes === true) return true;
  const answer = (await ask(`Type the slug (${slug}) to confirm, or anything else to stop:`)).trim();
  if (answer === slug) return true;
  out('Stopped: nothing was changed. (Without a terminal, add --yes.)');
  return false;
}

/** etape event purge SLUG [--yes] */
export async function eventPurgeCommand(database: Database, positionals: string[], values: Values, out: Out, ask: Ask): Promise<number> {
  const event = await findEvent(database, slugArgument('purge', positionals));
  const { participants } = await eventContents(database.db, event.id);
  out(`This erases the names, organisations and e-mails of the ${participants} participant(s) of "${event.name}" (${event.slug}),`);
  out('on the server now and on every device at its next sync. Check-ins, answers and profiles stay, anonymous. It cannot be undone.');
  if (!(await confirmed(event.slug, values, ask, out))) return 1;
  const erased = await purgeEvent(database.db, event.id);
  out(`Erased the personal data of ${erased} participant(s) of ${event.slug}.`);
  return 0;
}

/** etape event delete SLUG [--yes] */
export async function eventDeleteCommand(database: Database, positionals: string[], values: Values, out: Out, ask: Ask): Promise<number> {
  const event = await findEvent(database, slugArgument('delete', positionals));
  const c = await eventContents(database.db, event.id);
  out(`This deletes "${event.name}" (${event.slug}) and everything of it: ${c.stages} stage(s), ${c.talks} talk(s), ${c.participants} participant(s),`);
  out(`${c.checkins} check-in(s), ${c.answers} answer(s), its feedback form and posters; its ${c.devices} device(s) are refused from their next request.`);
  out(`It cannot be undone: keep a copy first with "etape event export ${event.slug} FILE".`);
  if (!(await confirmed(event.slug, values, ask, out))) return 1;
  await deleteEvent(database.db, event.slug);
  out(`Deleted ${event.slug}.`);
  return 0;
}
