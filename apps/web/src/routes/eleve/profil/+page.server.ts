import type { Commune, School, StudentProfile, Trade } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, 'student');
  const client = api(event);
  const schoolQuery = event.url.searchParams.get('ecole')?.trim() ?? '';
  const tradeQuery = event.url.searchParams.get('metier')?.trim() ?? '';
  const [profile, communes, schools, trades] = await Promise.all([
    client.get<StudentProfile>('/api/students/me'),
    client.get<Commune[]>('/api/communes'),
    schoolQuery
      ? client.get<School[]>('/api/schools', { q: schoolQuery, limit: 20 })
      : Promise.resolve(null),
    tradeQuery
      ? client.get<Trade[]>('/api/trades', { q: tradeQuery, limit: 20 })
      : Promise.resolve(null),
  ]);
  return { profile, communes, schools, trades, schoolQuery, tradeQuery };
};

const orNull = (value: string) => (value === '' ? null : value);

async function setInterests(event: RequestEvent, change: (codes: string[]) => string[]) {
  const current = await api(event).get<StudentProfile>('/api/students/me');
  return attempt(
    () =>
      api(event).patch<StudentProfile>('/api/students/me', {
        interests: change(current.interests.map((i) => i.code)),
      }),
    {},
    { form: 'interests' },
  );
}

export const actions: Actions = {
  save: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const values = formValues(data);
    const body: Record<string, unknown> = {
      homeCommuneCode: orNull(text(data, 'homeCommuneCode')),
      needsAccessibility: data.get('needsAccessibility') === 'on',
      guardianName: orNull(text(data, 'guardianName')),
      guardianEmail: orNull(text(data, 'guardianEmail')),
    };
    // A pupil of a class sees, but does not send, what the school set.
    if (data.get('managed') !== 'true') {
      body.firstName = text(data, 'firstName');
      body.lastName = text(data, 'lastName');
      body.birthDate = orNull(text(data, 'birthDate'));
      body.level = orNull(text(data, 'level'));
    }
    const result = await attempt(
      () => api(event).patch<StudentProfile>('/api/students/me', body),
      values,
      { form: 'save' },
    );
    if (!result.ok) return result.failure;
    return { form: 'save', saved: translator(event.locals.locale)('profile.saved') };
  },
  setSchool: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).patch<StudentProfile>('/api/students/me', { schoolId: text(data, 'schoolId') }),
      {},
      { form: 'school' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'school',
      saved: translator(event.locals.locale)('profile.schoolChosen', {
        name: result.value.school?.name ?? '',
      }),
    };
  },
  addInterest: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const code = text(await event.request.formData(), 'code');
    const result = await setInterests(event, (codes) =>
      codes.includes(code) ? codes : [...codes, code],
    );
    if (!result.ok) return result.failure;
    return { form: 'interests', saved: translator(event.locals.locale)('profile.saved') };
  },
  removeInterest: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const code = text(await event.request.formData(), 'code');
    const result = await setInterests(event, (codes) => codes.filter((c) => c !== code));
    if (!result.ok) return result.failure;
    return { form: 'interests', saved: translator(event.locals.locale)('profile.saved') };
  },
};
