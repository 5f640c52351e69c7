import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Locale } from '../shared/domain.ts';
import type { CheckinMessageKey } from './messages/checkin.ts';
import type { DevicesMessageKey } from './messages/devices.ts';
import type { SyncMessageKey } from './messages/sync.ts';
import type { ChangesMessageKey } from './messages/changes.ts';
import type { DashboardMessageKey } from './messages/dashboard.ts';
import type { EventMessageKey } from './messages/event.ts';
import type { HomeMessageKey } from './messages/home.ts';
import type { KioskMessageKey } from './messages/kiosk.ts';
import type { ParticipantsMessageKey } from './messages/participants.ts';
import type { PostersMessageKey } from './messages/posters.ts';
import type { PosterAnswersMessageKey } from './messages/poster-answers.ts';
import type { SecurityMessageKey } from './messages/security.ts';
import type { ScheduleMessageKey } from './messages/schedule.ts';
import { fr, type MessageKey as CoreMessageKey } from './messages/fr.ts';

/** Every message key: the shell's and programme's (main bundle), and the device screens' (registered lazily). */
export type MessageKey =
  | CoreMessageKey
  | DevicesMessageKey
  | SyncMessageKey
  | CheckinMessageKey
  | ScheduleMessageKey
  | ChangesMessageKey
  | ParticipantsMessageKey
  | DashboardMessageKey
  | KioskMessageKey
  | PostersMessageKey
  | PosterAnswersMessageKey
  | SecurityMessageKey
  | EventMessageKey
  | HomeMessageKey;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/*
 * French shell messages are in the main bundle; English is loaded on demand (loadLocale), and the
 * device screens register their own messages (registerMessages) when their code loads, so that
 * the public programme carries neither. A key missing in English falls back to French.
 */
type Catalogue = Partial<Record<MessageKey, string>>;
const catalogues: Record<Locale, Catalogue> = { fr: frenchSpacing(fr), en: {} };
let englishLoaded = false;
const STORAGE_KEY = 'etape.locale';

/**
 * French puts a space before : ; ! ? » and after «, and a line never breaks there ("sur place" at
 * the end of a line and ": 0" on the next). The messages are written with plain spaces, easy to
 * read and type; they are shown with no-break spaces.
 */
function frenchSpacing(messages: Catalogue): Catalogue {
  return Object.fromEntries(Object.entries(messages).map(([key, text]) => [key, text.replace(/ ([:;!?»])/g, '\u00a0$1').replace(/« /g, '«\u00a0')]));
}

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

/** Loads a locale's messages (a separate chunk for English, precached for offline use). */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale !== 'en' || englishLoaded) return;
  Object.assign(catalogues.en, (await import('./messages/en.ts')).en);
  englishLoaded = true;
}

/** Adds the messages of a lazily loaded part of the app, in both languages. */
export function registerMessages(parts: Record<Locale, Catalogue>): void {
  Object.assign(catalogues.fr, frenchSpacing(parts.fr));
  Object.assign(catalogues.en, parts.en);
}

/** `{count, plural, one {# ligne} other {# lignes}}`: the form Intl.PluralRules picks, `#` the number (a form may hold `{name}`). */
const PLURAL = /\{(\w+), plural,((?:\s*\w+\s*\{(?:[^{}]|\{\w+\})*\})+)\s*\}/g;
const PLURAL_FORM = /(=?\w+)\s*\{((?:[^{}]|\{\w+\})*)\}/g;

const pluralRules = new Map<string, Intl.PluralRules>();

/** Intl.PluralRules of a locale, made once: making one loads ICU data (milliseconds on a phone, at every render otherwise). */
function rulesOf(locale: string): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

/** The message form for `count` where a message has only 'one' and 'other' keys (French and English). */
export function oneOrOther(locale: string, count: number): 'one' | 'other' {
  return rulesOf(locale).select(count) === 'one' ? 'one' : 'other';
}

/** A translate function for a loaded locale: plural forms chosen by Intl.PluralRules, then `{name}` placeholders filled from params. */
export function translator(locale: Locale): Translate {
  const rules = rulesOf(locale);
  return (key, params) => {
    const text = catalogues[locale][key] ?? catalogues.fr[key] ?? key;
    if (!params) return text;
    const chosen = text.replace(PLURAL, (whole, name: string, forms: string) => {
      const value = Number(params[name]);
      if (!Number.isFinite(value)) return whole;
      const options = new Map([...forms.matchAll(PLURAL_FORM)].map((match) => [match[1]!, match[2]!]));
      const form = options.get(`=${value}`) ?? options.get(rules.select(value)) ?? options.get('other') ?? '';
      return form.replace(/#/g, String(params[name]));
    });
    return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));
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
