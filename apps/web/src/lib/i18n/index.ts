// Messages in French (first) and English. Keys are flat; English must have every French key
// (the type enforces it, and a unit test checks both ways). `{name}` placeholders are filled in.
import { getContext, setContext } from 'svelte';
import type { Locale } from '@tremplin/contracts';
import { en } from './en';
import { fr } from './fr';

export type MessageKey = keyof typeof fr;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export const dictionaries = { fr, en } as const;

export function translator(locale: Locale): Translate {
  const dict: Record<MessageKey, string> = locale === 'en' ? en : fr;
  return (key, params) => {
    const template = dict[key] ?? fr[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

const KEY = Symbol('i18n');

export interface I18n {
  readonly locale: Locale;
  readonly t: Translate;
}

/** Called once by the root layout with a getter, so the language follows the page data. */
export function setI18n(locale: () => Locale): I18n {
  const i18n: I18n = {
    get locale() {
      return locale();
    },
    get t() {
      return translator(locale());
    },
  };
  setContext(KEY, i18n);
  return i18n;
}

export function useI18n(): I18n {
  return getContext<I18n>(KEY);
}
