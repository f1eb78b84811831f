import { error, fail } from '@sveltejs/kit';
import { type Agreement, type GuardianLinkSent, SCANNED_COPY_MAX_BYTES } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const READERS = ['student', 'teacher', 'school_admin', 'employer', 'operator'] as const;

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, ...READERS);
  try {
    const agreement = await api(event).get<Agreement>(
      `/api/agreements/${encodeURIComponent(event.params.id)}`,
    );
    return { agreement };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};

const path = (event: RequestEvent, tail = '') =>
  `/api/agreements/${encodeURIComponent(event.params.id)}${tail}`;

export const actions: Actions = {
  sign: async (event) => {
    requireRole(event.locals, event.url, 'student', 'school_admin', 'employer');
    const data = await event.request.formData();
    const t = translator(event.locals.locale);
    if (data.get('consent') !== 'on') {
      return fail(400, {
        form: 'sign',
        message: t('agreement.consentMissing'),
        errors: { consent: t('agreement.consentMissing') } as Record<string, string>,
        values: {},
      });
    }
    const result = await attempt(
      () =>
        api(event).post<Agreement>(path(event, '/signatures'), {
          as: text(data, 'as'),
          version: text(data, 'version'),
          userAgent: event.request.headers.get('user-agent')?.slice(0, 500) ?? undefined,
        }),
      {},
      { form: 'sign' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'sign',
      saved: t(result.value.status === 'signed' ? 'agreement.allSigned' : 'agreement.signedDone'),
    };
  },
  sendLink: async (event) => {
    requireRole(event.locals, event.url, 'student', 'teacher', 'school_admin');
    const result = await attempt(
      () => api(event).post<GuardianLinkSent>(path(event, '/guardian-link')),
      {},
      { form: 'link' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'link',
      saved: translator(event.locals.locale)('agreement.linkSent', { to: result.value.sentTo }),
    };
  },
  upload: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const file = data.get('file');
    const t = translator(event.locals.locale);
    const refuse = (message: string) =>
      fail(400, {
        form: 'scan',
        message,
        errors: { file: message } as Record<string, string>,
        values: {},
      });
    if (!(file instanceof File) || file.size === 0) return refuse(t('agreement.scanNoFile'));
    if (file.size > SCANNED_COPY_MAX_BYTES) return refuse(t('agreement.scanTooLarge'));
    // Final: the agreement becomes signed for every party still missing (RGAA 11.12).
    if (data.get('sure') !== 'on') {
      return fail(400, {
        form: 'scan',
        message: t('agreement.scanSureMissing'),
        errors: { sure: t('agreement.scanSureMissing') } as Record<string, string>,
        values: {},
      });
    }
    const content = Buffer.from(await file.arrayBuffer()).toString('base64');
    const result = await attempt(
      () =>
        api(event).post<Agreement>(path(event, '/scanned-copy'), {
          fileName: file.name.slice(0, 200) || 'convention',
          contentBase64: content,
        }),
      {},
      { form: 'scan' },
    );
    if (!result.ok) {
      // The API names its field contentBase64; on this page, it is the file input.
      const failure = result.failure;
      const errors = failure.data.errors;
      if (errors.contentBase64) {
        errors.file = errors.contentBase64;
        delete errors.contentBase64;
      }
      return failure;
    }
    return { form: 'scan', saved: t('agreement.scanUploaded') };
  },
  attendance: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post<Agreement>(path(event, '/attendance'), {
          appraisal: text(data, 'appraisal'),
        }),
      formValues(data),
      { form: 'attendance' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'attendance',
      saved: translator(event.locals.locale)('agreement.attendanceSaved'),
    };
  },
  feedback: async (event) => {
    requireRole(event.locals, event.url, 'student');
    const data = await event.request.formData();
    const result = await attempt(
      () =>
        api(event).post<Agreement>(path(event, '/feedback'), {
          feedback: text(data, 'feedback'),
        }),
      formValues(data),
      { form: 'feedback' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'feedback',
      saved: translator(event.locals.locale)('agreement.feedbackSaved'),
    };
  },
};
