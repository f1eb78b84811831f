import type { Commune, Company, JoinRequest, School } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

const members = [
  'teacher',
  'school_admin',
  'employer',
  'mentor',
  'ambassador',
  'operator',
] as const;

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, ...members);
  const client = api(event);
  const roles = me.user.roles;
  const schoolQuery = event.url.searchParams.get('ecole')?.trim() ?? '';
  const companyQuery = event.url.searchParams.get('entreprise')?.trim() ?? '';
  const decides = roles.some((r) => ['school_admin', 'employer', 'operator'].includes(r));
  const [communes, schools, companies, requests] = await Promise.all([
    roles.includes('employer') ? client.get<Commune[]>('/api/communes') : Promise.resolve([]),
    schoolQuery
      ? client.get<School[]>('/api/schools', { q: schoolQuery, limit: 20 })
      : Promise.resolve(null),
    companyQuery
      ? client.get<Company[]>('/api/companies', { q: companyQuery, limit: 20 })
      : Promise.resolve(null),
    decides
      ? client.get<JoinRequest[]>('/api/join-requests', { status: 'pending' })
      : Promise.resolve([]),
  ]);
  return { communes, schools, companies, requests, schoolQuery, companyQuery };
};

export const actions: Actions = {
  createCompany: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const data = await event.request.formData();
    const values = formValues(data);
    const result = await attempt(
      () =>
        api(event).post<Company>('/api/companies', {
          siret: text(data, 'siret'),
          name: text(data, 'name'),
          nafCode: text(data, 'nafCode'),
          sizeBand: text(data, 'sizeBand'),
          communeCode: text(data, 'communeCode'),
          address: text(data, 'address') || undefined,
        }),
      values,
      { form: 'company' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'company',
      saved: translator(event.locals.locale)('organisation.companyCreated', {
        name: result.value.name,
      }),
    };
  },
  joinSchool: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post(`/api/schools/${text(data, 'schoolId')}/join-requests`, {
          role: text(data, 'role'),
        }),
      {},
      { form: 'join' },
    );
    if (!result.ok) return result.failure;
    return { form: 'join', saved: translator(event.locals.locale)('organisation.requestSent') };
  },
  joinCompany: async (event) => {
    requireRole(event.locals, event.url, 'employer', 'mentor', 'ambassador');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post(`/api/companies/${text(data, 'companyId')}/join-requests`, {
          role: text(data, 'role'),
        }),
      {},
      { form: 'join' },
    );
    if (!result.ok) return result.failure;
    return { form: 'join', saved: translator(event.locals.locale)('organisation.requestSent') };
  },
  decide: async (event) => {
    requireRole(event.locals, event.url, ...members);
    const data = await event.request.formData();
    const decision = text(data, 'decision') === 'approve' ? 'approve' : 'reject';
    const result = await attempt(
      () =>
        api(event).post(`/api/join-requests/${text(data, 'kind')}/${text(data, 'id')}/${decision}`),
      {},
      { form: 'decide' },
    );
    if (!result.ok) return result.failure;
    const t = translator(event.locals.locale);
    return {
      form: 'decide',
      saved: t(decision === 'approve' ? 'organisation.approved' : 'organisation.rejected'),
    };
  },
};
