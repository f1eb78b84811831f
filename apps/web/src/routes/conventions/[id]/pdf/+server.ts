// The convention's PDF, streamed from the API as it is (the browser never sees the API).
import { error } from '@sveltejs/kit';
import { apiRaw } from '$lib/server/api';
import { requireMe } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireMe(event.locals, event.url);
  const response = await apiRaw(
    event,
    `/api/agreements/${encodeURIComponent(event.params.id)}/pdf`,
  );
  if (!response.ok)
    error(response.status === 400 ? 404 : response.status, { message: 'Convention introuvable.' });
  return new Response(response.body, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment',
      'cache-control': 'private, no-store',
    },
  });
};
