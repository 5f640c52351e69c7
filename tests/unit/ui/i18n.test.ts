import { describe, expect, it } from 'vitest';
import { loadLocale, storeLocale, storedLocale, translator } from '../../../src/ui/i18n.ts';
import { en } from '../../../src/ui/messages/en.ts';
import { fr } from '../../../src/ui/messages/fr.ts';
import { devicesEn, devicesFr } from '../../../src/ui/messages/devices.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  it('has every French message in English, with the same placeholders', () => {
    for (const [french, english] of [
      [fr, en],
      [devicesFr, devicesEn],
    ] as [Record<string, string>, Record<string, string>][]) {
      expect(Object.keys(english).sort()).toEqual(Object.keys(french).sort());
      for (const key of Object.keys(french)) expect(placeholders(english[key]!), key).toEqual(placeholders(french[key]!));
    }
  });

  it('translates the device screens once their messages are loaded', async () => {
    await loadLocale('en');
    expect(translator('fr')('sync.now')).toBe('Synchroniser');
    expect(translator('en')('sync.now')).toBe('Sync now');
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
