import { error, fail } from '@sveltejs/kit';
import {
  CHALLENGE_FILE_MAX_BYTES,
  CHALLENGE_MAX_FILES,
  CHALLENGE_SUBMISSION_MAX_BYTES,
  type ChallengeTeam,
} from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireMe, requireRole } from '$lib/server/guards';
import { apiMultipart } from '../../../api.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const base = (event: { params: { id: string } }) =>
  `/api/challenges/${encodeURIComponent(event.params.id)}`;
const teamPath = (event: { params: { id: string; teamId: string } }, tail = '') =>
  `${base(event)}/teams/${encodeURIComponent(event.params.teamId)}${tail}`;

export const load: PageServerLoad = async (event) => {
  requireMe(event.locals, event.url);
  try {
    return { team: await api(event).get<ChallengeTeam>(teamPath(event)) };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
};

const MB = 1024 * 1024;

export const actions: Actions = {
  submit: async (event: RequestEvent) => {
    requireRole(event.locals, event.url, 'student', 'teacher', 'school_admin');
    const t = translator(event.locals.locale);
    const data = await event.request.formData();
    const values = formValues(data);
    const files = data
      .getAll('files')
      .filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ''));
    const refuse = (message: string) =>
      fail(413, { form: 'submit', message, errors: { files: message }, values });
    // The API checks all of this again; saying it here spares sending megabytes for nothing.
    const big = files.find((f) => f.size > CHALLENGE_FILE_MAX_BYTES);
    if (big)
      return refuse(
        t('challengeTeam.fileTooLarge', { name: big.name, max: CHALLENGE_FILE_MAX_BYTES / MB }),
      );
    if (files.reduce((s, f) => s + f.size, 0) > CHALLENGE_SUBMISSION_MAX_BYTES) {
      return refuse(t('challengeTeam.filesTooLarge', { max: CHALLENGE_SUBMISSION_MAX_BYTES / MB }));
    }
    if (files.length > CHALLENGE_MAX_FILES) {
      return refuse(t('challengeTeam.tooManyFiles', { max: CHALLENGE_MAX_FILES }));
    }
    const body = new FormData();
    body.set('text', text(data, 'text'));
    for (const file of files) body.append('files', file, file.name);
    try {
      await apiMultipart<ChallengeTeam>(event, 'PUT', teamPath(event, '/submission'), body);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const errors: Record<string, string> = {};
      for (const problem of e.problem.errors ?? []) {
        const field = problem.field.replace(/^body\./, '').startsWith('files') ? 'files' : 'text';
        errors[field] ??= problem.message;
      }
      return fail(e.status < 500 ? e.status : 503, {
        form: 'submit',
        message: e.problem.detail,
        errors,
        values,
      });
    }
    return { form: 'submit', saved: t('challengeTeam.submitted', { count: files.length }) };
  },
  deleteFile: async (event) => {
    requireRole(event.locals, event.url, 'student', 'teacher', 'school_admin');
    const data = await event.request.formData();
    const fileId = encodeURIComponent(text(data, 'fileId'));
    const result = await attempt(
      () => api(event).delete(`${base(event)}/files/${fileId}`),
      {},
      { form: 'files' },
    );
    if (!result.ok) return result.failure;
    return {
      form: 'files',
      saved: translator(event.locals.locale)('challengeTeam.fileDeleted', {
        name: text(data, 'name'),
      }),
    };
  },
  score: async (event) => {
    requireRole(event.locals, event.url, 'employer');
    const data = await event.request.formData();
    const marks: Record<string, number> = {};
    for (const [key, value] of data.entries()) {
      const m = /^mark\.(\w+)$/.exec(key);
      if (m && typeof value === 'string' && value.trim() !== '') {
        marks[m[1]!] = Number(value.replace(',', '.'));
      }
    }
    const result = await attempt(
      () =>
        api(event).put<ChallengeTeam>(teamPath(event, '/score'), {
          marks,
          comment: text(data, 'comment'),
        }),
      formValues(data),
      { form: 'score' },
    );
    if (!result.ok) {
      // The API names marks "marks.c1"; on this page the field is "mark.c1".
      const errors = result.failure.data.errors;
      for (const key of Object.keys(errors)) {
        const m = /^marks\.(\w+)$/.exec(key);
        if (m) {
          errors[`mark.${m[1]}`] = errors[key]!;
          delete errors[key];
        }
      }
      return result.failure;
    }
    return {
      form: 'score',
      saved: translator(event.locals.locale)('challengeTeam.scored', {
        total: String(result.value.myScore?.total ?? ''),
      }),
    };
  },
};
