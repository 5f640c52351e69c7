import { describe, expect, it } from 'vitest';
import { storeLocale, storedLocale, translator } from '../../../src/ui/i18n.ts';
import { en } from '../../../src/ui/messages/en.ts';
import { fr } from '../../../src/ui/messages/fr.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  it('has every French message in English, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
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
