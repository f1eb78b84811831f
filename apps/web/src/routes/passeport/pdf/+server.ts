// The pupil's passport as a PDF, streamed from the API as it is (the browser never sees the API).
import { error } from '@sveltejs/kit';
import { apiRaw } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireRole(event.locals, event.url, 'student');
  const response = await apiRaw(event, '/api/passport/pdf');
  if (!response.ok) error(response.status, { message: 'Passeport indisponible.' });
  return new Response(response.body, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition':
        response.headers.get('content-disposition') ??
        'attachment; filename="passeport-competences.pdf"',
      'cache-control': 'private, no-store',
    },
  });
};
