import { describe, expect, it } from 'vitest';
import { importStatus, previewImport, type KnownParticipant } from '../../../../src/features/participants/import-rows.ts';
import { parseCsv } from '../../../../src/features/participants/parse-csv.ts';

const preview = (text: string, known?: KnownParticipant[]) => previewImport(parseCsv(text), known);

describe('previewing a registration file', () => {
  it('reads a French Excel file: semicolons, a BOM, accents, labels in French', () => {
    const result = preview('\uFEFFPrénom;Nom;Structure;Profil;E-mail;Consentement\r\nHélène;Chély;Mairie de Mende;Élue;helene@example.org;oui\r\n');
    expect(result.separator).toBe(';');
    expect(result.errors).toEqual([]);
    expect(result.participants).toEqual([
      { line: 2, name: 'Hélène Chély', organisation: 'Mairie de Mende', profile: 'elected-official', email: 'helene@example.org', consent: true },
    ]);
  });

  it('reads a comma file without a BOM, with quoted commas and the English headers', () => {
    const result = preview('name,organisation,profile,email,consent\n"Dupont, Jean","Tiers-lieu, Florac",freelancer,,no\n');
    expect(result.separator).toBe(',');
    expect(result.participants).toEqual([{ line: 2, name: 'Dupont, Jean', organisation: 'Tiers-lieu, Florac', profile: 'freelancer', email: null, consent: false }]);
  });

  it('keeps a value starting with = as text, never as a formula', () => {
    const result = preview('Nom;Structure\n=HYPERLINK("http://x");=1+1\n');
    expect(result.participants[0]).toMatchObject({ name: '=HYPERLINK("http://x")', organisation: '=1+1' });
  });

  it('lists every bad row with its line and reason, counting blank lines and multi-line cells', () => {
    const text = [
      'Nom;Profil;Email;Consentement',
      'Alice;autre;alice@example.org;oui',
      '',
      ';autre;;',
      '"Bob',
      'Martin";astronaute;pas-une-adresse;peut-être',
      'Chloé;;alice@example.org;',
    ].join('\n');
    const result = preview(text);
    expect(result.errors).toEqual([
      { line: 4, code: 'missing-name' },
      { line: 5, code: 'unknown-profile', value: 'astronaute' },
      { line: 5, code: 'bad-email', value: 'pas-une-adresse' },
      { line: 5, code: 'bad-consent', value: 'peut-être' },
      { line: 7, code: 'duplicate-email', value: 'alice@example.org', otherLine: 2 },
    ]);
    expect(result.participants.map((p) => p.name)).toEqual(['Alice']);
  });

  it('refuses a file without a name column, or without rows, as a whole', () => {
    expect(preview('Structure;Email\nMairie;a@b.fr\n').fileProblem).toBe('no-name-column');
    expect(preview('Nom;Structure\n\n').fileProblem).toBe('no-rows');
    expect(preview('').fileProblem).toBe('empty');
  });

  it('says which headers it ignores and which column it read each field from', () => {
    const result = preview('Nom complet;Téléphone;Organisation\nAnaïs Brunel;0466;Sur place\n');
    expect(result.columns).toEqual({ name: 'Nom complet', organisation: 'Organisation' });
    expect(result.ignored).toEqual(['Téléphone']);
  });

  describe('a file imported again, updated', () => {
    const known: KnownParticipant[] = [
      { id: 'p-helene', name: 'Hélène Chély', organisation: 'Mairie de Mende', profile: 'elected-official', email: 'helene@example.org', consent: true },
      { id: 'p-oeillet', name: 'Œillet Rouge', organisation: 'Ferme de l’Œuf', profile: 'other', email: null, consent: false },
      { id: 'p-bob', name: 'Bob Martin', organisation: 'Coop', profile: 'freelancer', email: 'bob@example.org', consent: false },
    ];
    const FILE = [
      'Nom;Structure;Profil;Email;Consentement',
      'HÉLÈNE Chély;Mairie de Mende – élus;élue;Helene@Example.org;oui', // same e-mail, other case: an update of the organisation
      'Oeillet Rouge;ferme de l’oeuf;autre;;non', // no e-mail: recognised by name and organisation folded, written as the file writes them
      'Bob Martin;Coop;indépendant;;non', // no e-mail in the file: Bob keeps his, unchanged
      'Zoé Nouvelle;Tiers-lieu;autre;zoe@example.org;oui', // new
      'Bob Martin;Coop;indépendant;robert@example.org;non', // another address: another Bob Martin, new
    ].join('\n');

    it('says which rows are new, which update someone and which are unchanged', () => {
      const result = preview(FILE, known);
      expect(result.errors).toEqual([]);
      expect(result.participants.map((row) => [row.line, importStatus(row), row.existing?.id, row.existing?.changed])).toEqual([
        [2, 'update', 'p-helene', ['name', 'organisation']],
        [3, 'update', 'p-oeillet', ['name', 'organisation']],
        [4, 'unchanged', 'p-bob', []],
        [5, 'new', undefined, undefined],
        [6, 'new', undefined, undefined],
      ]);
    });

    it('changes nothing when the same file is imported twice', () => {
      const rows = preview(FILE).participants.map(({ line: _line, existing: _existing, ...fields }, index) => ({ id: `p${index}`, ...fields }));
      expect(preview(FILE, rows).participants.map(importStatus)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    });

    it('updates only the columns the file has: a file of names and e-mails keeps everyone’s profile and consent', () => {
      const result = preview('Nom;Email\nHélène Chély;helene@example.org\n', known);
      expect(result.participants[0]!.existing).toEqual({ id: 'p-helene', changed: [] });
    });

    it('refuses two rows that are the same person already there', () => {
      const result = preview('Nom;Structure\nŒillet Rouge;Ferme de l’Œuf\noeillet rouge;FERME DE L’OEUF\n', known);
      expect(result.errors).toEqual([{ line: 3, code: 'duplicate-person', value: 'oeillet rouge', otherLine: 2 }]);
    });
  });
});
