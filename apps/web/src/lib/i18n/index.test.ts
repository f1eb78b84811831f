import { describe, expect, it } from 'vitest';
import { dictionaries, translator } from './index';

describe('messages', () => {
  it('has every key in both languages, none empty', () => {
    const fr = Object.keys(dictionaries.fr).sort();
    const en = Object.keys(dictionaries.en).sort();
    expect(en).toEqual(fr);
    for (const dict of [dictionaries.fr, dictionaries.en]) {
      for (const [key, value] of Object.entries(dict)) expect(value.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(dictionaries.fr)) {
      expect(names(dictionaries.en[key] ?? ''), key).toEqual(names(dictionaries.fr[key] ?? ''));
    }
  });

  it('fills placeholders and falls back to French', () => {
    expect(translator('fr')('home.hello', { name: 'Inès' })).toBe('Bonjour Inès.');
    expect(translator('en')('home.hello', { name: 'Inès' })).toBe('Hello Inès.');
  });
});
