// One table of the observatory as CSV, streamed from the API as it is (UTF-8 with BOM, `;`).
import { error } from '@sveltejs/kit';
import { apiRaw } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireRole(event.locals, event.url, 'operator', 'school_admin', 'employer');
  const year = event.url.searchParams.get('annee');
  const response = await apiRaw(
    event,
    `/api/observatory/export/${encodeURIComponent(event.params.table)}`,
    { year: year && /^\d{4}$/.test(year) ? year : undefined },
  );
  if (!response.ok) {
    error(response.status === 400 ? 404 : response.status, { message: 'Tableau introuvable.' });
  }
  return new Response(response.body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition':
        response.headers.get('content-disposition') ?? 'attachment; filename="observatoire.csv"',
      'cache-control': 'private, no-store',
    },
  });
};
