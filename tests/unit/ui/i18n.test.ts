import { describe, expect, it } from 'vitest';
import { loadLocale, storeLocale, storedLocale, translator } from '../../../src/ui/i18n.ts';
import { en } from '../../../src/ui/messages/en.ts';
import { fr } from '../../../src/ui/messages/fr.ts';
import { devicesEn, devicesFr } from '../../../src/ui/messages/devices.ts';
import { syncEn, syncFr } from '../../../src/ui/messages/sync.ts';

/** The parameters a message uses, plain (`{name}`) or as a plural's number (`{count, plural, …}`). */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();

describe('messages', () => {
  it('has every French message in English, with the same placeholders', () => {
    for (const [french, english] of [
      [fr, en],
      [devicesFr, devicesEn],
      [syncFr, syncEn],
    ] as [Record<string, string>, Record<string, string>][]) {
      expect(Object.keys(english).sort()).toEqual(Object.keys(french).sort());
      for (const key of Object.keys(french)) expect(placeholders(english[key]!), key).toEqual(placeholders(french[key]!));
    }
  });

  it('translates the device screens once their messages are loaded', async () => {
    await loadLocale('en');
    expect(translator('fr')('sync.now')).toBe('Synchroniser');
    expect(translator('en')('sync.now')).toBe('Sync now');
    expect(translator('en')('settings.title')).toBe(devicesEn['settings.title']);
  });

  it('shows French with no-break spaces before : ; ! ? » and after «, so that a line never breaks there, on every screen', async () => {
    const parts = await Promise.all(
      ['changes', 'checkin', 'dashboard', 'devices', 'event', 'home', 'kiosk', 'participants', 'poster-answers', 'posters', 'schedule', 'security', 'sync'].map(
        (name) => import(`../../../src/ui/messages/${name}.ts`) as Promise<Record<string, Record<string, string>>>,
      ),
    );
    const keys = [fr, ...parts.flatMap((part) => Object.entries(part).filter(([name]) => name.endsWith('Fr')).map(([, messages]) => messages))].flatMap(Object.keys);
    expect(keys.length).toBeGreaterThan(400);
    const t = translator('fr') as (key: string) => string;
    const breakable = keys.filter((key) => / [:;!?»]|« /.test(t(key)));
    expect(breakable).toEqual([]);
    // As written: a plain space; as shown: a no-break space.
    expect(t('checkin.searchHint')).toBe('Sans accents ni majuscules\u00a0: «\u00a0helene\u00a0» trouve «\u00a0Hélène\u00a0».');
  });

  it('chooses plural forms with Intl.PluralRules: French 0 and 1 singular, English only 1', async () => {
    await import('../../../src/ui/messages/participants.ts');
    await import('../../../src/ui/messages/kiosk.ts');
    await loadLocale('en');
    const fr = translator('fr');
    const en = translator('en');
    expect(fr('participants.import.errors', { count: 1 })).toBe('1 ligne à corriger\u00a0: rien ne sera importé tant qu’il en reste.');
    expect(fr('participants.import.errors', { count: 0 })).toBe('0 ligne à corriger\u00a0: rien ne sera importé tant qu’il en reste.');
    expect(fr('participants.import.errors', { count: 3 })).toBe('3 lignes à corriger\u00a0: rien ne sera importé tant qu’il en reste.');
    expect(en('participants.import.errors', { count: 0 })).toBe('0 lines to fix: nothing is imported while any remain.');
    expect(en('participants.import.errors', { count: 1 })).toBe('1 line to fix: nothing is imported while any remain.');
    expect(fr('participants.count', { shown: 1, total: 90 })).toBe('1 affiché·e sur 90');
    expect(fr('kiosk.waiting', { count: 2 })).toBe('2 réponses en attente d’envoi');
  });

  it('leaves a plural whose number is missing as written', () => {
    expect(translator('fr')('participants.import.errors', {})).toContain('{count, plural,');
  });

  it('fills placeholders and leaves unknown ones visible', async () => {
    await loadLocale('en');
    const t = translator('fr');
    expect(t('programme.updatedAt', { time: '14:02' })).toBe('Programme à jour (14:02).');
    expect(t('programme.updatedAt')).toBe('Programme à jour ({time}).');
    expect(translator('en')('programme.hosts', { hosts: 'MSAP' })).toBe('Hosted by MSAP');
  });
});

describe('the chosen language', () => {
  it('is French until English is picked, and is remembered', () => {
    const store = new Map<string, string>();
    globalThis.localStorage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
    } as Storage;
    expect(storedLocale()).toBe('fr');
    storeLocale('en');
    expect(storedLocale()).toBe('en');
    storeLocale('fr');
    expect(storedLocale()).toBe('fr');
  });
});
