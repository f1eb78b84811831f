import { error, fail } from '@sveltejs/kit';
import type { MentoringMessage, Mentorship } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireMe } from '$lib/server/guards';
import { parisInstant } from '../fields.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const path = (event: RequestEvent | Parameters<PageServerLoad>[0], tail = '') =>
  `/api/mentoring/mentorships/${encodeURIComponent(event.params.id)}${tail}`;

export const load: PageServerLoad = async (event) => {
  requireMe(event.locals, event.url);
  event.depends('mentorat:messages');
  try {
    const client = api(event);
    const [mentorship, messages] = await Promise.all([
      client.get<Mentorship>(path(event)),
      client.get<MentoringMessage[]>(path(event, '/messages')),
    ]);
    return { mentorship, messages };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};

export const actions: Actions = {
  propose: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    const date = text(data, 'date');
    const result = await attempt(
      () =>
        api(event).post(path(event, '/sessions'), {
          startsAt: parisInstant(date, text(data, 'start')),
          endsAt: parisInstant(date, text(data, 'end')),
          mode: text(data, 'mode'),
        }),
      formValues(data),
      { form: 'propose' },
    );
    if (!result.ok) {
      // The API speaks of instants; the form of a date and two times.
      const errors = result.failure.data.errors;
      if (errors.startsAt) {
        errors.start = errors.startsAt;
        delete errors.startsAt;
      }
      if (errors.endsAt) {
        errors.end = errors.endsAt;
        delete errors.endsAt;
      }
      return result.failure;
    }
    return {
      form: 'propose',
      saved: translator(event.locals.locale)('mentoring.sessions.proposed'),
    };
  },
  session: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    const action = text(data, 'answer');
    if (!['accept', 'decline', 'cancel'].includes(action))
      error(400, { message: 'Action inconnue.' });
    const result = await attempt(
      () =>
        api(event).post(
          `/api/mentoring/sessions/${encodeURIComponent(text(data, 'id'))}/${action}`,
        ),
      {},
      { form: 'session' },
    );
    if (!result.ok) return result.failure;
    const t = translator(event.locals.locale);
    const words = {
      accept: t('mentoring.sessions.accepted'),
      decline: t('mentoring.sessions.declined'),
      cancel: t('mentoring.sessions.cancelled'),
    } as Record<string, string>;
    return { form: 'session', saved: words[action] };
  },
  notes: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    const id = text(data, 'id');
    const result = await attempt(
      () =>
        api(event).put(`/api/mentoring/sessions/${encodeURIComponent(id)}/notes`, {
          notes: text(data, 'notes'),
        }),
      formValues(data),
      { form: `notes-${id}` },
    );
    if (!result.ok) return result.failure;
    return {
      form: `notes-${id}`,
      saved: translator(event.locals.locale)('mentoring.sessions.notesSaved'),
    };
  },
  message: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    const result = await attempt(
      () => api(event).post(path(event, '/messages'), { body: text(data, 'body') }),
      formValues(data),
      { form: 'message' },
    );
    if (!result.ok) return result.failure;
    return { form: 'message', saved: translator(event.locals.locale)('mentoring.messages.sent') };
  },
  report: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    const id = text(data, 'messageId');
    const result = await attempt(
      () =>
        api(event).post(`/api/mentoring/messages/${encodeURIComponent(id)}/reports`, {
          reason: text(data, 'reason'),
        }),
      formValues(data),
      { form: `report-${id}` },
    );
    if (!result.ok) return result.failure;
    return {
      form: `report-${id}`,
      saved: translator(event.locals.locale)('mentoring.messages.reportSent'),
    };
  },
  close: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    // Ending is final (no way back, the sessions to come are cancelled): a box confirms it.
    if (data.get('confirmClose') !== 'on') {
      const message = translator(event.locals.locale)('mentoring.close.checkMissing');
      return fail(400, {
        form: 'close',
        message,
        errors: { confirmClose: message } as Record<string, string>,
        values: formValues(data),
      });
    }
    const result = await attempt(
      () => api(event).post(path(event, '/close'), { feedback: text(data, 'feedback') }),
      formValues(data),
      { form: 'close' },
    );
    if (!result.ok) return result.failure;
    return { form: 'close', saved: translator(event.locals.locale)('mentoring.close.closed') };
  },
  feedback: async (event) => {
    requireMe(event.locals, event.url);
    const data = await event.request.formData();
    const result = await attempt(
      () => api(event).put(path(event, '/feedback'), { feedback: text(data, 'feedback') }),
      formValues(data),
      { form: 'feedback' },
    );
    if (!result.ok) return result.failure;
    return { form: 'feedback', saved: translator(event.locals.locale)('mentoring.feedback.saved') };
  },
};
