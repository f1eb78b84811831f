// The convention's PDF for the guardian, while their link is active.
import { error } from '@sveltejs/kit';
import { ApiError, apiFetch } from '$lib/server/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
  try {
    const pdf = await apiFetch<ArrayBuffer>(event, 'POST', '/api/guardian-links/pdf', {
      body: { token: event.params.token },
      token: null,
    });
    return new Response(pdf, {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': 'attachment; filename="convention-de-stage.pdf"',
        'cache-control': 'private, no-store',
        'referrer-policy': 'no-referrer',
      },
    });
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) {
      error(e.status === 400 ? 404 : e.status, { message: e.problem.detail });
    }
    throw e;
  }
};
