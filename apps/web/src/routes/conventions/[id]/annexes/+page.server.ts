import { error, fail, redirect } from '@sveltejs/kit';
import type { Agreement, AgreementHoursDay } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api, ApiError } from '$lib/server/api';
import { attempt, formValues, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

const EDITORS = ['teacher', 'school_admin', 'employer'] as const;
const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export const load: PageServerLoad = async (event) => {
  requireRole(event.locals, event.url, ...EDITORS);
  let agreement: Agreement;
  try {
    agreement = await api(event).get<Agreement>(
      `/api/agreements/${encodeURIComponent(event.params.id)}`,
    );
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
      error(404, { message: e.problem.detail });
    }
    throw e;
  }
  if (!agreement.can.editAnnexes) redirect(303, `/conventions/${agreement.id}`);
  return { agreement };
};

/**
 * The form names each day's inputs by weekday (day-1-start…); the API names the array index
 * (teachingAnnex.dailyHours.0.start…). Both ways are mapped here.
 */
function readHours(data: FormData): { hours: AgreementHoursDay[]; index: number[] } {
  const hours: AgreementHoursDay[] = [];
  const index: number[] = [];
  for (const day of DAYS) {
    if (data.get(`day-${day}`) !== 'on') continue;
    const breakStart = text(data, `day-${day}-breakStart`);
    const breakEnd = text(data, `day-${day}-breakEnd`);
    hours.push({
      day,
      start: text(data, `day-${day}-start`),
      end: text(data, `day-${day}-end`),
      breaks: breakStart || breakEnd ? [{ start: breakStart, end: breakEnd }] : [],
    });
    index.push(day);
  }
  return { hours, index };
}

function formFieldOf(apiField: string, index: number[]): string {
  const hours =
    /^teachingAnnex\.dailyHours\.(\d+)(?:\.(start|end|day|breaks)(?:\.\d+\.(start|end))?)?/.exec(
      apiField,
    );
  if (hours) {
    const day = index[Number(hours[1])];
    if (day === undefined) return 'hours';
    if (hours[2] === 'breaks')
      return `day-${day}-${hours[3] === 'end' ? 'breakEnd' : 'breakStart'}`;
    if (hours[2] === 'start' || hours[2] === 'end') return `day-${day}-${hours[2]}`;
    return `day-${day}-start`;
  }
  if (apiField.startsWith('teachingAnnex.dailyHours')) return 'hours';
  return apiField.replace(/^(teachingAnnex|practicalAnnex)\./, '');
}

export const actions: Actions = {
  default: async (event) => {
    requireRole(event.locals, event.url, ...EDITORS);
    const data = await event.request.formData();
    const values = formValues(data);
    const t = translator(event.locals.locale);
    const { hours, index } = readHours(data);
    if (hours.length === 0) {
      return fail(400, {
        message: t('annexes.noDay'),
        errors: { hours: t('annexes.noDay') } as Record<string, string>,
        values,
      });
    }
    const result = await attempt(
      () =>
        api(event).put<Agreement>(
          `/api/agreements/${encodeURIComponent(event.params.id)}/annexes`,
          {
            teachingAnnex: {
              referentTeacherName: text(data, 'referentTeacherName'),
              tutorName: text(data, 'tutorName'),
              tutorRole: text(data, 'tutorRole'),
              startDate: text(data, 'startDate'),
              endDate: text(data, 'endDate'),
              dailyHours: hours,
              objectives: text(data, 'objectives'),
            },
            practicalAnnex: {
              meals: text(data, 'meals'),
              travel: text(data, 'travel'),
              insurance: text(data, 'insurance'),
            },
            version: text(data, 'version'),
            clearSignatures: data.get('clearSignatures') === 'on',
          },
        ),
      values,
    );
    if (!result.ok) {
      const errors = result.failure.data.errors;
      for (const [field, message] of Object.entries({ ...errors })) {
        const name = formFieldOf(field, index);
        if (name !== field) {
          delete errors[field];
          errors[name] ??= message;
        }
      }
      return result.failure;
    }
    redirect(303, `/conventions/${event.params.id}?annexes=ok`);
  },
};
