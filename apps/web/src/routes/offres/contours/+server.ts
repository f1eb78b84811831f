// The communes' outlines for the search map, passed through from the API (the browser only ever
// talks to this server). Public reference data, cached by the browser for a day.
import { apiRaw } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  const upstream = await apiRaw(event, '/api/communes/outlines');
  if (!upstream.ok) return new Response('Contours indisponibles', { status: 503 });
  return new Response(await upstream.arrayBuffer(), {
    headers: {
      'content-type': 'application/geo+json',
      'cache-control': 'public, max-age=86400',
    },
  });
};
