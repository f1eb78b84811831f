// The scanned copy signed on paper, streamed from the API as it was uploaded.
import { error } from '@sveltejs/kit';
import { apiRaw } from '$lib/server/api';
import { requireMe } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireMe(event.locals, event.url);
  const response = await apiRaw(
    event,
    `/api/agreements/${encodeURIComponent(event.params.id)}/scanned-copy`,
  );
  if (!response.ok)
    error(response.status === 400 ? 404 : response.status, { message: 'Exemplaire introuvable.' });
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment',
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
};
