import { fail } from '@sveltejs/kit';
import type { MyCampaign } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'student');
  const q = event.url.searchParams.get('q') ?? '';
  const page = Math.max(1, Number(event.url.searchParams.get('page') ?? '1') || 1);
  const campaign = await api(event).get<MyCampaign>(
    `/api/campaigns/${encodeURIComponent(event.params.id)}/wishes`,
    { q, page },
  );
  return { campaign, q, page };
};

type Change =
  | { kind: 'add'; periodId: string }
  | { kind: 'remove'; periodId: string }
  | { kind: 'move'; periodId: string; direction: 'up' | 'down' };

/**
 * Every change reads the saved list first and sends the whole new list: two tabs or a stale page
 * never undo each other's other wishes.
 */
async function change(event: Parameters<Actions[string]>[0], what: Change) {
  const t = translator(event.locals.locale);
  const path = `/api/campaigns/${encodeURIComponent(event.params.id!)}/wishes`;
  let title = '';
  let rank = 0;
  const result = await attempt(
    async () => {
      const current = await api(event).get<MyCampaign>(path);
      const list = current.wishes.map((w) => w.period.id);
      const find = (id: string) =>
        current.wishes.find((w) => w.period.id === id)?.period ??
        current.periods.find((p) => p.id === id);
      title = find(what.periodId)?.offerTitle ?? '';
      const at = list.indexOf(what.periodId);
      let next = list;
      if (what.kind === 'add') {
        next = at >= 0 ? list : [...list, what.periodId];
        rank = next.indexOf(what.periodId) + 1;
      } else if (what.kind === 'remove') {
        next = list.filter((id) => id !== what.periodId);
      } else if (at >= 0) {
        const to =
          what.direction === 'up' ? Math.max(0, at - 1) : Math.min(list.length - 1, at + 1);
        next = [...list];
        next.splice(at, 1);
        next.splice(to, 0, what.periodId);
        rank = to + 1;
      }
      const saved = await api(event).put<MyCampaign>(path, { periodIds: next });
      title ||= saved.wishes.find((w) => w.period.id === what.periodId)?.period.offerTitle ?? '';
      return saved;
    },
    {},
    { form: 'wishes' },
  );
  if (!result.ok) return result.failure;
  const saved =
    what.kind === 'add'
      ? t('campaigns.wishes.added', { title, rank })
      : what.kind === 'remove'
        ? t('campaigns.wishes.removed', { title })
        : t('campaigns.wishes.moved', { title, rank });
  return {
    form: 'wishes',
    saved,
    focus: what.kind === 'move' ? `${what.direction}-${what.periodId}` : null,
  };
}

export const actions: Actions = {
  add: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const periodId = text(await event.request.formData(), 'periodId');
    return change(event, { kind: 'add', periodId });
  },
  remove: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const periodId = text(await event.request.formData(), 'periodId');
    return change(event, { kind: 'remove', periodId });
  },
  move: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const direction = text(data, 'direction');
    if (direction !== 'up' && direction !== 'down') {
      return fail(400, { form: 'wishes', message: 'direction', errors: {} });
    }
    return change(event, { kind: 'move', periodId: text(data, 'periodId'), direction });
  },
};
