import { error, fail, redirect } from '@sveltejs/kit';
import type { VisitProposals, VisitRequest } from '@tremplin/contracts';
import { type MessageKey } from '$lib/i18n';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireMe } from '$lib/server/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const path = (event: RequestEvent | Parameters<PageServerLoad>[0], tail = '') =>
  `/api/visit-requests/${encodeURIComponent(event.params.id)}${tail}`;

export const load: PageServerLoad = async (event) => {
  requireMe(event.locals, event.url);
  const client = api(event);
  let visit: VisitRequest;
  try {
    visit = await client.get<VisitRequest>(path(event));
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
  const proposals = visit.can.propose
    ? (await client.get<VisitProposals>(path(event, '/proposals'))).proposals
    : [];
  return { visit, proposals };
};

/** One action of the page: call the API, say it worked, or give the form its errors back. */
async function act(
  event: RequestEvent,
  form: string,
  call: (data: FormData) => Promise<unknown>,
  savedKey: MessageKey,
) {
  const data = await event.request.formData();
  const result = await attempt(() => call(data), formValues(data), { form });
  if (!result.ok) return result.failure;
  return { form, saved: translator(event.locals.locale)(savedKey) };
}

export const actions: Actions = {
  propose: (event) =>
    act(
      event,
      'propose',
      (data) => {
        const [ambassadorId = '', date = ''] = text(data, 'choice').split('|');
        return api(event).post(path(event, '/propose'), { ambassadorId, date });
      },
      'visit.proposedDone',
    ),
  accept: async (event) => {
    try {
      await api(event).post(path(event, '/accept'));
    } catch (e) {
      // A day or a month already taken: the request has gone to another ambassador.
      if (e instanceof ApiError && e.status === 409 && e.problem.code.startsWith('visit.')) {
        if (e.problem.code === 'visit.dayTaken' || e.problem.code === 'visit.monthFull') {
          redirect(303, `/ambassadeurs/visites?fait=${e.problem.code.slice(6)}`);
        }
      }
      if (e instanceof ApiError && e.status < 500) {
        return fail(e.status, {
          form: 'answer',
          message: e.problem.detail,
          errors: {} as Record<string, string>,
          values: {} as Record<string, string>,
        });
      }
      throw e;
    }
    return { form: 'answer', saved: translator(event.locals.locale)('visit.acceptedDone') };
  },
  decline: async (event) => {
    const data = await event.request.formData();
    const result = await attempt(
      () => api(event).post(path(event, '/decline'), { reason: text(data, 'reason') || undefined }),
      formValues(data),
      { form: 'answer' },
    );
    if (!result.ok) return result.failure;
    // The request is no longer mine: back to my list.
    redirect(303, '/ambassadeurs/visites?fait=declined');
  },
  authorise: (event) =>
    act(event, 'head', () => api(event).post(path(event, '/authorise')), 'visit.authorisedDone'),
  refuse: (event) =>
    act(
      event,
      'head',
      (data) => api(event).post(path(event, '/refuse'), { reason: text(data, 'reason') }),
      'visit.refusedDone',
    ),
  cancel: (event) =>
    act(event, 'cancel', () => api(event).post(path(event, '/cancel')), 'visit.cancelledDone'),
  attendance: (event) =>
    act(
      event,
      'attendance',
      (data) =>
        api(event).post(path(event, '/attendance'), {
          attendance: Number(text(data, 'attendance') || Number.NaN),
        }),
      'visit.attendanceDone',
    ),
  feedback: (event) =>
    act(
      event,
      'feedback',
      (data) => api(event).post(path(event, '/feedback'), { feedback: text(data, 'feedback') }),
      'visit.feedbackDone',
    ),
};
