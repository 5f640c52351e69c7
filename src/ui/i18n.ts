import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Locale } from '../shared/domain.ts';
import { en } from './messages/en.ts';
import { fr, type MessageKey } from './messages/fr.ts';

export type { MessageKey };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };
const STORAGE_KEY = 'etape.locale';

/** The locale chosen on this device, French unless English was picked. */
export function storedLocale(): Locale {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

/** Remembers the chosen locale on this device. */
export function storeLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage refused: the choice lasts for this visit only.
  }
}

/** A translate function for a locale: `{name}` placeholders are filled from params. */
export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (key, params) => {
    const text = catalogue[key];
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)) : text;
  };
}

export interface I18n {
  locale: Locale;
  t: Translate;
  setLocale(locale: Locale): void;
}

export const I18nContext = createContext<I18n>({ locale: 'fr', t: translator('fr'), setLocale: () => undefined });

/** The current locale and its translate function. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
