// The pupil's participation certificate, streamed from the API as it is.
import { error } from '@sveltejs/kit';
import { apiRaw } from '$lib/server/api';
import { requireRole } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireRole(event.locals, event.url, 'student');
  const response = await apiRaw(
    event,
    `/api/challenges/${encodeURIComponent(event.params.id)}/certificate`,
  );
  if (!response.ok) {
    let message =
      event.locals.locale === 'en' ? 'Certificate not available.' : 'Attestation indisponible.';
    try {
      message = ((await response.json()) as { detail?: string }).detail ?? message;
    } catch {
      // Not a problem body: keep the plain message.
    }
    error(response.status === 400 ? 404 : response.status, { message });
  }
  return new Response(response.body, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition':
        response.headers.get('content-disposition') ?? 'attachment; filename="attestation.pdf"',
      'cache-control': 'private, no-store',
    },
  });
};
