import { fail } from '@sveltejs/kit';
import type { SchoolImportReport } from '@tremplin/contracts';
import { translator } from '$lib/server/i18n';
import { api } from '$lib/server/api';
import { decodeUpload } from '$lib/server/upload';
import { attempt } from '$lib/server/forms';
import { requireRole } from '$lib/server/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  requireRole(locals, url, 'operator');
  return {};
};

export const actions: Actions = {
  default: async (event) => {
    requireRole(event.locals, event.url, 'operator');
    const data = await event.request.formData();
    const file = data.get('file');
    const t = translator(event.locals.locale);
    if (!(file instanceof File) || file.size === 0) {
      return fail(400, {
        message: t('import.noFile'),
        errors: { file: t('import.noFile') } as Record<string, string>,
        values: {},
      });
    }
    const csv = await decodeUpload(file);
    const result = await attempt(
      () =>
        api(event).post<SchoolImportReport>('/api/schools/import', {
          csv,
          dryRun: data.get('dryRun') === 'on',
        }),
      {},
    );
    if (!result.ok) return result.failure;
    return { report: result.value, fileName: file.name };
  },
};
