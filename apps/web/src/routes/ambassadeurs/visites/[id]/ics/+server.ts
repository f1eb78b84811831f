// The confirmed visit as a calendar file, fetched from the API and handed to the browser as is.
import { error } from '@sveltejs/kit';
import { apiRaw } from '$lib/server/api';
import { requireMe } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireMe(event.locals, event.url);
  const response = await apiRaw(
    event,
    `/api/visit-requests/${encodeURIComponent(event.params.id)}/ics`,
  );
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
    error(response.status, { message: problem?.detail ?? 'Le fichier est indisponible.' });
  }
  return new Response(response.body, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'attachment; filename="visite-tremplin.ics"',
      'cache-control': 'no-store',
    },
  });
};
