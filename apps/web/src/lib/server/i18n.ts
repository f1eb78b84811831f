// Translation in server code (form actions, guards): both languages are at hand here, unlike in
// the browser, which receives only its own.
import type { Locale } from '@tremplin/contracts';
import { messages as en } from '$lib/i18n/en';
import { messages as fr } from '$lib/i18n/fr';
import { translate, type Translate } from '$lib/i18n';

export function translator(locale: Locale): Translate {
  return translate(locale === 'en' ? en : fr);
}
