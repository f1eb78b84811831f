// Messages in French (first) and English: one file per domain in messages/, each exporting `fr`
// and `en` with the same keys (the types enforce it; a unit test checks both ways), gathered by
// fr.ts and en.ts. The browser receives only the page's language: the root layout imports one of
// the two on demand and hands it to setI18n. Server code translates with $lib/server/i18n.
// `{name}` placeholders are filled in.
import { getContext, setContext } from 'svelte';
import type { Locale } from '@tremplin/contracts';
import type { FrenchMessages } from './fr';

export type MessageKey = keyof FrenchMessages & string;
export type Messages = Record<MessageKey, string>;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A translate function over one language's messages. */
export function translate(messages: Record<string, string>): Translate {
  return (key, params) => {
    const template = messages[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

/** The messages of a language, loaded on demand (a separate chunk per language). */
export async function loadMessages(locale: Locale): Promise<Messages> {
  return locale === 'en' ? (await import('./en')).messages : (await import('./fr')).messages;
}

const KEY = Symbol('i18n');

export interface I18n {
  readonly locale: Locale;
  readonly t: Translate;
  /** Whether a key exists (for keys built from data, such as notification kinds). */
  has(key: string): key is MessageKey;
}

/** Called once by the root layout with getters, so the language follows the page data. */
export function setI18n(locale: () => Locale, messages: () => Messages): I18n {
  const i18n: I18n = {
    get locale() {
      return locale();
    },
    get t() {
      return translate(messages());
    },
    has: (key: string): key is MessageKey => key in messages(),
  };
  setContext(KEY, i18n);
  return i18n;
}

export function useI18n(): I18n {
  return getContext<I18n>(KEY);
}
