// The download of everything Tremplin keeps about the signed-in person, streamed from the API.
import { error } from '@sveltejs/kit';
import { apiRaw } from '$lib/server/api';
import { requireMe } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  requireMe(event.locals, event.url);
  const response = await apiRaw(event, '/api/me/export');
  if (!response.ok) error(response.status, { message: 'Export indisponible.' });
  return new Response(response.body, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="mes-donnees-tremplin.json"',
      'cache-control': 'private, no-store',
    },
  });
};
