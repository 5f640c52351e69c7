import { describe, expect, it } from 'vitest';
import { previewImport } from '../../../../src/features/participants/import-rows.ts';
import { parseCsv } from '../../../../src/features/participants/parse-csv.ts';
import { describeRowError } from '../../../../src/features/participants/row-error-text.ts';
import { loadLocale, translator } from '../../../../src/ui/i18n.ts';
import { participantsEn, participantsFr } from '../../../../src/ui/messages/participants.ts';

/** The parameters a message uses, plain (`{name}`) or as a plural's number (`{count, plural, …}`). */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();
const FILE = 'Nom;Profil;Email;Consentement\nAlice;autre;alice@example.org;oui\n;astronaute;pas-une-adresse;peut-être\nBob;;alice@example.org;\n';

describe('row errors in words', () => {
  it('has every participants message in English, with the same placeholders', () => {
    expect(Object.keys(participantsEn).sort()).toEqual(Object.keys(participantsFr).sort());
    for (const key of Object.keys(participantsFr) as (keyof typeof participantsFr)[]) {
      expect(placeholders(participantsEn[key]), key).toEqual(placeholders(participantsFr[key]));
    }
  });

  it('says the line and the reason, in French and in English', async () => {
    await loadLocale('en');
    const { errors } = previewImport(parseCsv(FILE));
    expect(errors.map((error) => describeRowError(translator('fr'), error))).toEqual([
      'Ligne 3\u00a0: le nom est vide',
      'Ligne 3\u00a0: profil «\u00a0astronaute\u00a0» inconnu (autorisés\u00a0: télétravailleur, indépendant, entreprise, élu, association, structure publique, élève, autre)',
      'Ligne 3\u00a0: adresse e-mail «\u00a0pas-une-adresse\u00a0» invalide',
      'Ligne 3\u00a0: consentement «\u00a0peut-être\u00a0»\u00a0: écrivez oui ou non',
      'Ligne 4\u00a0: l’adresse alice@example.org est déjà à la ligne 2',
    ]);
    expect(describeRowError(translator('en'), errors[0]!)).toBe('Line 3: the name is empty');
  });
});
