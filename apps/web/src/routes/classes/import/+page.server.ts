import { fail } from '@sveltejs/kit';
import type { PupilImportReport, SchoolClass } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { attempt, text } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import { decodeUpload } from '$lib/server/upload';
import { activeSchools } from '../format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const me = requireRole(event.locals, event.url, 'teacher', 'school_admin');
  const schools = activeSchools(me.schoolMemberships);
  const classes = schools.length > 0 ? await api(event).get<SchoolClass[]>('/api/classes') : [];
  return { schools, classes, chosenClass: event.url.searchParams.get('classe') ?? '' };
};

/** The options of the import, as the preview and the confirmation both send them. */
function importOptions(data: FormData) {
  return {
    classId: text(data, 'classId') || undefined,
    schoolId: text(data, 'schoolId') || undefined,
  };
}

export const actions: Actions = {
  /** Reads the uploaded file and asks the API what the import would do (nothing is written). */
  preview: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const file = data.get('file');
    const t = translator(event.locals.locale);
    const values = { classId: text(data, 'classId'), schoolId: text(data, 'schoolId') };
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, {
        message: t('pupilImport.noFile'),
        errors: { file: t('pupilImport.noFile') } as Record<string, string>,
        values,
      });
    }
    const csv = await decodeUpload(file);
    const result = await attempt(
      () =>
        api(event).post<PupilImportReport>('/api/classes/import', {
          csv,
          dryRun: true,
          ...importOptions(data),
        }),
      values,
    );
    if (!result.ok) {
      // The API names "csv": on this page the field is the file.
      const failure = result.failure;
      if (failure.data.errors.csv) failure.data.errors = { file: failure.data.errors.csv };
      return failure;
    }
    return {
      preview: result.value,
      fileName: file.name,
      // Sent back with the confirmation, so the file is read once and imported as previewed.
      payload: Buffer.from(csv, 'utf8').toString('base64'),
      values,
    };
  },
  /** Imports for real what the preview showed. */
  confirm: async (event) => {
    requireRole(event.locals, event.url, 'teacher', 'school_admin');
    const data = await event.request.formData();
    const csv = Buffer.from(text(data, 'payload'), 'base64').toString('utf8');
    const values = { classId: text(data, 'classId'), schoolId: text(data, 'schoolId') };
    const result = await attempt(
      () =>
        api(event).post<PupilImportReport>('/api/classes/import', {
          csv,
          dryRun: false,
          ...importOptions(data),
        }),
      values,
    );
    if (!result.ok) return result.failure;
    return { done: result.value, values };
  },
};
