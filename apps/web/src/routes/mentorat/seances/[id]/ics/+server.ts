// A session's calendar invitation (.ics), streamed from the API as it is.
import { error } from '@sveltejs/kit';
import { apiRaw } from '$lib/server/api';
import { requireMe } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireMe(event.locals, event.url);
  const response = await apiRaw(
    event,
    `/api/mentoring/sessions/${encodeURIComponent(event.params.id)}/ics`,
  );
  if (!response.ok) {
    error(response.status === 400 ? 404 : response.status, { message: 'Séance introuvable.' });
  }
  return new Response(response.body, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition':
        response.headers.get('content-disposition') ?? 'attachment; filename="seance.ics"',
      'cache-control': 'private, no-store',
    },
  });
};
