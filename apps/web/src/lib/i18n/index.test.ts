import { describe, expect, it } from 'vitest';
import { messages as en } from './en';
import { messages as fr } from './fr';
import { translate } from './index';

const frenchFiles = import.meta.glob<{ fr: Record<string, string> }>('./messages/fr/*.ts', {
  eager: true,
});
const englishFiles = import.meta.glob<{ en: Record<string, string> }>('./messages/en/*.ts', {
  eager: true,
});

describe('messages', () => {
  it('has every key in both languages, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const dict of [fr, en] as Record<string, string>[]) {
      for (const [key, value] of Object.entries(dict)) expect(value.trim(), key).not.toBe('');
    }
  });

  it('gathers every domain file of messages/ in both languages', () => {
    const domains = (paths: string[]) => paths.map((p) => p.split('/').pop()).sort();
    expect(domains(Object.keys(englishFiles))).toEqual(domains(Object.keys(frenchFiles)));
    for (const [file, domain] of Object.entries(frenchFiles)) {
      for (const key of Object.keys(domain.fr)) expect(fr, `${file}: ${key}`).toHaveProperty([key]);
    }
    for (const [file, domain] of Object.entries(englishFiles)) {
      for (const key of Object.keys(domain.en)) expect(en, `${file}: ${key}`).toHaveProperty([key]);
    }
  });

  it('uses the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const english = en as Record<string, string>;
    for (const [key, value] of Object.entries(fr)) {
      expect(names(english[key] ?? ''), key).toEqual(names(value));
    }
  });

  it('fills placeholders', () => {
    expect(translate(fr)('home.hello', { name: 'Inès' })).toBe('Bonjour Inès.');
    expect(translate(en)('home.hello', { name: 'Inès' })).toBe('Hello Inès.');
  });
});
