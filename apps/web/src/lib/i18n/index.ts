// Messages in French (first) and English, one file per domain in messages/, each exporting `fr`
// and `en` with the same keys (the types enforce it, and a unit test checks both ways).
// `{name}` placeholders are filled in.
import { getContext, setContext } from 'svelte';
import type { Locale } from '@tremplin/contracts';
import * as agreements from './messages/agreements';
import * as ambassadors from './messages/ambassadors';
import * as applications from './messages/applications';
import * as campaigns from './messages/campaigns';
import * as challenges from './messages/challenges';
import * as classes from './messages/classes';
import * as common from './messages/common';
import * as mentoring from './messages/mentoring';
import * as observatory from './messages/observatory';
import * as offers from './messages/offers';
import * as passport from './messages/passport';
import * as trust from './messages/trust';

const domains = [
  common,
  applications,
  offers,
  agreements,
  classes,
  challenges,
  mentoring,
  ambassadors,
  campaigns,
  passport,
  observatory,
  trust,
] as const;

type FrenchOf<D> = D extends { fr: infer F } ? F : never;
type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (
  k: infer I,
) => void
  ? I
  : never;
type AllFrench = UnionToIntersection<FrenchOf<(typeof domains)[number]>>;

export type MessageKey = keyof AllFrench & string;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

function merge(locale: Locale): Record<string, string> {
  return Object.assign({}, ...domains.map((d) => d[locale]));
}

export const dictionaries = { fr: merge('fr'), en: merge('en') } as const;

export function translator(locale: Locale): Translate {
  const dict = dictionaries[locale];
  return (key, params) => {
    const template = dict[key] ?? dictionaries.fr[key] ?? key;
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
