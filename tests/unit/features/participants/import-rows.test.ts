import { describe, expect, it } from 'vitest';
import { previewImport } from '../../../../src/features/participants/import-rows.ts';
import { parseCsv } from '../../../../src/features/participants/parse-csv.ts';

const preview = (text: string, known?: Set<string>) => previewImport(parseCsv(text), known);

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
      'Denis;association;denis@example.org;non',
    ].join('\n');
    const result = preview(text, new Set(['denis@example.org']));
    expect(result.errors).toEqual([
      { line: 4, code: 'missing-name' },
      { line: 5, code: 'unknown-profile', value: 'astronaute' },
      { line: 5, code: 'bad-email', value: 'pas-une-adresse' },
      { line: 5, code: 'bad-consent', value: 'peut-être' },
      { line: 7, code: 'duplicate-email', value: 'alice@example.org', otherLine: 2 },
      { line: 8, code: 'already-registered', value: 'denis@example.org' },
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
});
