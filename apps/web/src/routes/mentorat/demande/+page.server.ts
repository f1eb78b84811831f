import { fail } from '@sveltejs/kit';
import type { Commune, MenteeRequest, Trade, TradeDomain } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import {
  availabilityOf,
  checked,
  groupErrors,
  languagesOf,
  modesOf,
  tradesOf,
} from '../fields.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const ACTIVE = ['open', 'proposed', 'matched'];

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'student');
  const client = api(event);
  const [requests, trades, domains, communes] = await Promise.all([
    client.get<MenteeRequest[]>('/api/mentoring/requests/mine'),
    client.get<Trade[]>('/api/trades', { limit: 600 }),
    client.get<TradeDomain[]>('/api/trade-domains'),
    client.get<Commune[]>('/api/communes'),
  ]);
  const current = requests.find((r) => ACTIVE.includes(r.status)) ?? null;
  return {
    current,
    past: requests.filter((r) => r !== current),
    trades,
    domains,
    communes,
  };
};

function bodyOf(data: FormData) {
  return {
    goals: checked(data, 'goals'),
    tradeCodes: tradesOf(data),
    modes: modesOf(data),
    availability: availabilityOf(data),
    languages: languagesOf(data),
    communeCode: text(data, 'communeCode') || null,
    constraints: text(data, 'constraints'),
  };
}

async function save(event: RequestEvent, creating: boolean) {
  requireRole(event.locals, event.url, 'student');
  const data = await event.request.formData();
  const id = creating ? null : text(data, 'id');
  const values = {
    ...formValues(data),
    goals: checked(data, 'goals').join(','),
    modes: checked(data, 'modes').join(','),
    languages: checked(data, 'languages').join(','),
  };
  const body = bodyOf(data);
  const result = await attempt(
    () =>
      id
        ? api(event).put<MenteeRequest>(`/api/mentoring/requests/${encodeURIComponent(id)}`, body)
        : api(event).post<MenteeRequest>('/api/mentoring/requests', body),
    values,
    { form: 'request' },
  );
  if (!result.ok) {
    groupErrors(result.failure.data.errors);
    return result.failure;
  }
  const t = translator(event.locals.locale);
  return {
    form: 'request',
    saved: t(id ? 'mentoring.request.updated' : 'mentoring.request.created'),
  };
}

export const actions: Actions = {
  create: (event) => save(event, true),
  update: (event) => save(event, false),
  consent: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const t = translator(event.locals.locale);
    const values = formValues(data);
    if (data.get('confirmed') !== 'on') {
      return fail(400, {
        form: 'consent',
        message: t('mentoring.request.consentMissingConfirm'),
        errors: { confirmed: t('mentoring.request.consentMissingConfirm') } as Record<
          string,
          string
        >,
        values,
      });
    }
    const result = await attempt(
      () =>
        api(event).post<MenteeRequest>(
          `/api/mentoring/requests/${encodeURIComponent(text(data, 'id'))}/consent`,
          { guardianName: text(data, 'guardianName'), confirmed: true },
        ),
      values,
      { form: 'consent' },
    );
    if (!result.ok) return result.failure;
    return { form: 'consent', saved: t('mentoring.request.consentSaved') };
  },
  cancel: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post<MenteeRequest>(
          `/api/mentoring/requests/${encodeURIComponent(text(data, 'id'))}/cancel`,
        ),
      {},
      { form: 'cancel' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'cancel',
      saved: translator(event.locals.locale)('mentoring.request.cancelled'),
    };
  },
};
