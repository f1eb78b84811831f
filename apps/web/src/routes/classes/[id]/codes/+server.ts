// The class's printable sign-in sheet, fetched from the API and handed to the browser as is.
import { error } from '@sveltejs/kit';
import { apiRaw } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireRole(event.locals, event.url, 'teacher', 'school_admin');
  const response = await apiRaw(
    event,
    `/api/classes/${encodeURIComponent(event.params.id)}/sign-in-sheet`,
    {
      pupil: event.url.searchParams.get('eleve'),
      pending: event.url.searchParams.get('en-attente') === '1' ? 'true' : undefined,
    },
  );
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
    error(response.status, { message: problem?.detail ?? 'Le document est indisponible.' });
  }
  return new Response(response.body, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment',
      'cache-control': 'no-store',
    },
  });
};
