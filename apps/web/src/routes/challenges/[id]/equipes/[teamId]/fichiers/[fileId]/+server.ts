// A file of a team's work, streamed from the API as it is (the browser never sees the API).
import { error } from '@sveltejs/kit';
import { apiRaw } from '$lib/server/api';
import { requireMe } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireMe(event.locals, event.url);
  const response = await apiRaw(
    event,
    `/api/challenges/${encodeURIComponent(event.params.id)}/files/${encodeURIComponent(event.params.fileId)}`,
  );
  if (!response.ok) {
    error(response.status === 400 ? 404 : response.status, {
      message: event.locals.locale === 'en' ? 'File not found.' : 'Fichier introuvable.',
    });
  }
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  });
};
