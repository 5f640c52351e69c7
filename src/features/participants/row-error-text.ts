import type { Translate } from '../../ui/i18n.ts';
import '../../ui/messages/participants.ts';
import type { RowError } from './import-rows.ts';

/** A row error in words, with its line: "Ligne 5 : profil « astronaute » inconnu (…)". */
export function describeRowError(t: Translate, error: RowError): string {
  const { line, code, ...params } = error;
  const values = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)]));
  return t('participants.import.line', { line, reason: t(`participants.error.${code}`, values) });
}
