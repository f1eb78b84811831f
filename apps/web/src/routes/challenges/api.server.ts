// Multipart calls to the API (a team's files), next to the JSON client of $lib/server/api: the
// form's files go on to the API as they came, with the person's token, never through the browser.
import type { RequestEvent } from '@sveltejs/kit';
import type { Problem } from '@tremplin/contracts';
import { ApiError } from '$lib/server/api';
import { config } from '$lib/server/config';

type ApiEvent = Pick<RequestEvent, 'locals' | 'getClientAddress'>;

export async function apiMultipart<T>(
  event: ApiEvent,
  method: 'POST' | 'PUT',
  path: string,
  body: FormData,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (event.locals.token) headers.authorization = `Bearer ${event.locals.token}`;
  try {
    headers['x-forwarded-for'] = event.getClientAddress();
  } catch {
    // No client address (tests, prerendering): the API counts the web server instead.
  }
  let response: Response;
  try {
    response = await fetch(`${config.apiUrl}${path}`, { method, headers, body });
  } catch {
    throw new ApiError(503, {
      type: 'about:blank',
      title: 'Service indisponible',
      status: 503,
      code: 'unavailable',
      detail: 'Le service Tremplin ne répond pas pour le moment. Réessayez dans un instant.',
    });
  }
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    const problem = type.includes('json')
      ? ((await response.json()) as Problem)
      : {
          type: 'about:blank',
          title: 'Erreur',
          status: response.status,
          code: 'upload',
          detail:
            response.status === 413
              ? 'Les fichiers envoyés sont trop volumineux.'
              : 'Le dépôt a échoué. Réessayez dans un instant.',
        };
    throw new ApiError(response.status, { ...problem, status: response.status });
  }
  return (await response.json()) as T;
}
