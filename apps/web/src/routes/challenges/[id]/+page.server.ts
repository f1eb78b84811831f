import { error } from '@sveltejs/kit';
import type { Challenge, ChallengeResults, SchoolClass } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireMe, requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const path = (event: RequestEvent | Parameters<PageServerLoad>[0], tail = '') =>
  `/api/challenges/${encodeURIComponent(event.params.id)}${tail}`;

/** The school year a deadline falls in (from August on, the new one). */
function schoolYearOf(iso: string): number {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(iso));
  const [year, month] = day.split('-').map(Number);
  return month! >= 8 ? year! : year! - 1;
}

export const load: PageServerLoad = async (event) => {
  const me = requireMe(event.locals, event.url);
  const client = api(event);
  let challenge: Challenge;
  try {
    challenge = await client.get<Challenge>(path(event));
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
  // The classes a teacher could still enrol: of a level of the challenge, in its school year.
  let classes: SchoolClass[] = [];
  if (challenge.can.enrol && me.schoolMemberships.some((m) => m.status === 'active')) {
    const enrolled = new Set(challenge.myEnrolments.map((e) => e.classId));
    const year = schoolYearOf(challenge.submissionDeadline);
    classes = (await client.get<SchoolClass[]>('/api/classes', { schoolYear: year })).filter(
      (c) => challenge.levels.includes(c.level) && !enrolled.has(c.id),
    );
  }
  let results: ChallengeResults | null = null;
  if (challenge.status === 'results') {
    results = await client.get<ChallengeResults>(path(event, '/results'));
  }
  return { challenge, classes, results };
};

export const actions: Actions = {
  publish: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const result = await attempt(
      () => api(event).post(path(event, '/publish')),
      {},
      {
        form: 'status',
      },
    );
    if (!result.ok) return result.failure;
    return { form: 'status', saved: translator(event.locals.locale)('challenge.publishedDone') };
  },
  close: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post(path(event, '/close-submissions'), { early: data.get('early') === 'on' }),
      {},
      { form: 'status' },
    );
    if (!result.ok) return result.failure;
    return { form: 'status', saved: translator(event.locals.locale)('challenge.closedDone') };
  },
  enrol: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post<Challenge>(path(event, '/enrolments'), { classId: text(data, 'classId') }),
      formValues(data),
      { form: 'enrol' },
    );
    if (!result.ok) return result.failure;
    return { form: 'enrol', saved: translator(event.locals.locale)('challenge.enrolledDone') };
  },
  unenrol: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const id = text(data, 'enrolmentId');
    const result = await attempt(
      () => api(event).delete(path(event, `/enrolments/${encodeURIComponent(id)}`)),
      {},
      { form: 'enrol' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'enrol',
      saved: translator(event.locals.locale)('challenge.unenrolledDone', {
        name: text(data, 'className'),
      }),
    };
  },
};
