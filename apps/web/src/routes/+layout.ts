import { loadMessages } from '$lib/i18n';
import type { LayoutLoad } from './$types';

// The messages of the page's language only: the other language is never sent to the browser.
export const load: LayoutLoad = async ({ data }) => ({
  ...data,
  messages: await loadMessages(data.locale),
});
