import * as v from 'valibot';
import { PROFILES, type Profile } from '../../shared/domain.ts';
import { foldText } from '../../shared/fold.ts';
import type { CsvLine, ParsedCsv } from './parse-csv.ts';

/** A participant read from a registration file, ready to be written. */
export interface ImportedParticipant {
  line: number;
  name: string;
  organisation: string;
  profile: Profile;
  email: string | null;
  consent: boolean;
  /** The person already on this device that the row is (by e-mail, or without one by name and organisation), and what the row changes. */
  existing?: { id: string; changed: ImportField[] };
}

/** The fields a registration file sets. */
export const IMPORT_FIELDS = ['name', 'organisation', 'profile', 'email', 'consent'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** A participant already on the device, as the import compares it. */
export type KnownParticipant = Pick<ImportedParticipant, ImportField> & { id: string };

/** What confirming the preview does to a row: a new person, an update of someone there, or nothing. */
export type ImportStatus = 'new' | 'update' | 'unchanged';
export function importStatus(row: ImportedParticipant): ImportStatus {
  return !row.existing ? 'new' : row.existing.changed.length > 0 ? 'update' : 'unchanged';
}

/** Why a row cannot be imported; the screen says it in words, with the line number. */
export type RowProblem =
  | { code: 'missing-name' }
  | { code: 'too-long'; column: ImportColumn; max: number }
  | { code: 'unknown-profile'; value: string }
  | { code: 'bad-email'; value: string }
  | { code: 'bad-consent'; value: string }
  | { code: 'duplicate-email'; value: string; otherLine: number }
  | { code: 'duplicate-person'; value: string; otherLine: number };

export type RowError = RowProblem & { line: number };

/** Problems with the file as a whole (nothing is imported). */
export type FileProblem = 'empty' | 'no-name-column' | 'no-rows';

export interface ImportPreview {
  separator: ',' | ';';
  /** Columns recognised, by field, with the header as written in the file. */
  columns: Partial<Record<ImportColumn, string>>;
  /** Headers that were not recognised (their cells are ignored). */
  ignored: string[];
  participants: ImportedParticipant[];
  errors: RowError[];
  fileProblem?: FileProblem;
}

export const IMPORT_COLUMNS = ['name', 'firstName', 'lastName', 'organisation', 'profile', 'email', 'consent'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Header names accepted for each field, folded (no accents, lower case, no spaces or punctuation). */
const HEADERS: Record<ImportColumn, string[]> = {
  name: ['nom complet', 'name', 'full name', 'participant', 'nom et prenom', 'prenom et nom', 'prenom nom'],
  firstName: ['prenom', 'first name', 'firstname', 'given name'],
  lastName: ['nom', 'nom de famille', 'last name', 'lastname', 'surname', 'family name'],
  organisation: ['organisation', 'organization', 'structure', 'societe', 'entreprise', 'organisme', 'company', 'employeur'],
  profile: ['profil', 'profile', 'categorie', 'category', 'type'],
  email: ['email', 'e mail', 'courriel', 'mail', 'adresse email', 'adresse mail', 'adresse e mail'],
  consent: ['consentement', 'consent', 'rgpd', 'accord'],
};

/** Profile values accepted, folded: the keys themselves and their French and English labels. */
const PROFILE_WORDS: Record<string, Profile> = {
  teletravailleur: 'remote-worker', 'teletravailleuse': 'remote-worker', 'remote worker': 'remote-worker',
  independant: 'freelancer', independante: 'freelancer', freelance: 'freelancer', freelancer: 'freelancer',
  entreprise: 'company', company: 'company', salarie: 'company',
  elu: 'elected-official', elue: 'elected-official', 'elu e': 'elected-official', 'elected official': 'elected-official',
  association: 'association', associatif: 'association',
  'structure publique': 'public-agency', 'agent public': 'public-agency', 'collectivite': 'public-agency', 'public agency': 'public-agency',
  eleve: 'pupil', etudiant: 'pupil', etudiante: 'pupil', scolaire: 'pupil', pupil: 'pupil', student: 'pupil',
  autre: 'other', other: 'other', '': 'other',
};

const YES = new Set(['oui', 'o', 'yes', 'y', '1', 'true', 'vrai', 'x', 'ok']);
const NO = new Set(['non', 'n', 'no', '0', 'false', 'faux', '']);
/** The same rule as the server's (src/shared/protocol.ts), so that a previewed row is never refused later. */
const EMAIL = v.pipe(v.string(), v.maxLength(254), v.email());
const MAX = { name: 200, organisation: 200 } as const;

/** A header or a value folded for comparison: "E-mail" → "e mail", "Élu·e" → "elu e". */
const key = (text: string) => foldText(text).replace(/[^a-z0-9@]+/g, ' ').trim();

for (const profile of PROFILES) PROFILE_WORDS[key(profile)] = profile;

function findColumns(header: string[]): { columns: Partial<Record<ImportColumn, number>>; ignored: string[] } {
  const columns: Partial<Record<ImportColumn, number>> = {};
  const ignored: string[] = [];
  header.forEach((title, index) => {
    const column = IMPORT_COLUMNS.find((candidate) => columns[candidate] === undefined && HEADERS[candidate].includes(key(title)));
    if (column) columns[column] = index;
    else if (title) ignored.push(title);
  });
  return { columns, ignored };
}

/** Name and organisation folded the same way as search, to recognise a person written differently. */
const personKey = (person: { name: string; organisation: string }) => `${key(person.name)}|${key(person.organisation)}`;

/**
 * Checks every row of a registration file before anything is written: the import is all or
 * nothing, so the organizer sees every problem at once, each with its line. Rows for people already
 * on the device (`known`: by e-mail, or, where either has none, by name and organisation folded)
 * update them, only in the columns the file has; importing the same file twice changes nothing
 * and nobody gets a second badge.
 */
export function previewImport(parsed: ParsedCsv, known: readonly KnownParticipant[] = []): ImportPreview {
  const { columns, ignored } = findColumns(parsed.header);
  const headerOf = Object.fromEntries(Object.entries(columns).map(([column, index]) => [column, parsed.header[index]!]));
  const preview: ImportPreview = { separator: parsed.separator, columns: headerOf, ignored, participants: [], errors: [] };
  if (parsed.header.length === 0) return { ...preview, fileProblem: 'empty' };
  if (columns.name === undefined && columns.lastName === undefined) return { ...preview, fileProblem: 'no-name-column' };
  if (parsed.rows.length === 0) return { ...preview, fileProblem: 'no-rows' };
  const byEmail = new Map(known.filter((person) => person.email).map((person) => [person.email!.toLowerCase(), person]));
  const byName = new Map<string, KnownParticipant>();
  for (const person of known) if (!byName.has(personKey(person))) byName.set(personKey(person), person);
  const fileFields = IMPORT_FIELDS.filter((field) => (field === 'name' ? true : columns[field] !== undefined));
  const emailLines = new Map<string, number>();
  const matchedLines = new Map<string, number>();
  for (const row of parsed.rows) {
    const result = readRow(row, columns);
    if ('problems' in result) {
      preview.errors.push(...result.problems.map((problem) => ({ ...problem, line: row.line })));
      continue;
    }
    const email = result.email?.toLowerCase();
    if (email && emailLines.has(email)) {
      preview.errors.push({ code: 'duplicate-email', value: result.email!, otherLine: emailLines.get(email)!, line: row.line });
      continue;
    }
    const sameName = byName.get(personKey(result));
    const existing = (email ? byEmail.get(email) : undefined) ?? (sameName && (!email || !sameName.email) ? sameName : undefined);
    if (existing && matchedLines.has(existing.id)) {
      preview.errors.push({ code: 'duplicate-person', value: result.name, otherLine: matchedLines.get(existing.id)!, line: row.line });
      continue;
    }
    if (email) emailLines.set(email, row.line);
    if (existing) {
      matchedLines.set(existing.id, row.line);
      const changed = fileFields.filter((field) => (field === 'email' ? (result.email ?? '').toLowerCase() !== (existing.email ?? '').toLowerCase() : result[field] !== existing[field]));
      // A file without an e-mail for someone who has one keeps it (an empty cell is no instruction to erase).
      const kept = changed.filter((field) => !(field === 'email' && !result.email));
      preview.participants.push({ ...result, existing: { id: existing.id, changed: kept } });
    } else {
      preview.participants.push(result);
    }
  }
  return preview;
}

function readRow(row: CsvLine, columns: Partial<Record<ImportColumn, number>>): ImportedParticipant | { problems: RowProblem[] } {
  const cell = (column: ImportColumn) => (columns[column] === undefined ? '' : (row.cells[columns[column]!] ?? '').trim());
  const problems: RowProblem[] = [];
  const name = cell('name') || [cell('firstName'), cell('lastName')].filter(Boolean).join(' ');
  if (!name) problems.push({ code: 'missing-name' });
  if (name.length > MAX.name) problems.push({ code: 'too-long', column: 'name', max: MAX.name });
  const organisation = cell('organisation');
  if (organisation.length > MAX.organisation) problems.push({ code: 'too-long', column: 'organisation', max: MAX.organisation });
  const profile = PROFILE_WORDS[key(cell('profile'))];
  if (!profile) problems.push({ code: 'unknown-profile', value: cell('profile') });
  const email = cell('email');
  if (email && !v.is(EMAIL, email)) problems.push({ code: 'bad-email', value: email });
  const consentText = key(cell('consent'));
  if (!YES.has(consentText) && !NO.has(consentText)) problems.push({ code: 'bad-consent', value: cell('consent') });
  if (problems.length > 0) return { problems };
  return { line: row.line, name, organisation, profile: profile!, email: email || null, consent: YES.has(consentText) };
}
