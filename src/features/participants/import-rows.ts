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
}

/** Why a row cannot be imported; the screen says it in words, with the line number. */
export type RowProblem =
  | { code: 'missing-name' }
  | { code: 'too-long'; column: ImportColumn; max: number }
  | { code: 'unknown-profile'; value: string }
  | { code: 'bad-email'; value: string }
  | { code: 'bad-consent'; value: string }
  | { code: 'duplicate-email'; value: string; otherLine: number }
  | { code: 'already-registered'; value: string };

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

/**
 * Checks every row of a registration file before anything is written: the import is all or
 * nothing, so the organizer sees every problem at once, each with its line. `knownEmails` are the
 * addresses of participants already on the device (folded): importing the same file twice fails
 * instead of registering everyone twice.
 */
export function previewImport(parsed: ParsedCsv, knownEmails: ReadonlySet<string> = new Set()): ImportPreview {
  const { columns, ignored } = findColumns(parsed.header);
  const headerOf = Object.fromEntries(Object.entries(columns).map(([column, index]) => [column, parsed.header[index]!]));
  const preview: ImportPreview = { separator: parsed.separator, columns: headerOf, ignored, participants: [], errors: [] };
  if (parsed.header.length === 0) return { ...preview, fileProblem: 'empty' };
  if (columns.name === undefined && columns.lastName === undefined) return { ...preview, fileProblem: 'no-name-column' };
  if (parsed.rows.length === 0) return { ...preview, fileProblem: 'no-rows' };
  const emailLines = new Map<string, number>();
  for (const row of parsed.rows) {
    const result = readRow(row, columns);
    if ('problems' in result) {
      preview.errors.push(...result.problems.map((problem) => ({ ...problem, line: row.line })));
      continue;
    }
    const email = result.email?.toLowerCase();
    if (email && emailLines.has(email)) {
      preview.errors.push({ code: 'duplicate-email', value: result.email!, otherLine: emailLines.get(email)!, line: row.line });
    } else if (email && knownEmails.has(email)) {
      preview.errors.push({ code: 'already-registered', value: result.email!, line: row.line });
    } else {
      if (email) emailLines.set(email, row.line);
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
