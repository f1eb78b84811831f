// The yearly impact report as a PDF, streamed from the API as it is.
import { error } from '@sveltejs/kit';
import { apiRaw } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireRole(event.locals, event.url, 'employer');
  const year = event.url.searchParams.get('annee');
  const companyId = event.url.searchParams.get('entreprise');
  const response = await apiRaw(event, '/api/observatory/impact/pdf', {
    year: year && /^\d{4}$/.test(year) ? year : undefined,
    companyId: companyId || undefined,
  });
  if (!response.ok) {
    error(response.status === 400 ? 404 : response.status, { message: 'Bilan introuvable.' });
  }
  return new Response(response.body, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition':
        response.headers.get('content-disposition') ?? 'attachment; filename="bilan-tremplin.pdf"',
      'cache-control': 'private, no-store',
    },
  });
};
