// The one client of the Tremplin API, used only from load functions and form actions. It forwards
// the person's session token as a Bearer header; the browser never sees the token.
import type { RequestEvent } from '@sveltejs/kit';
import type { Problem, ProblemFieldError } from '@tremplin/contracts';
import { config } from './config';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail);
  }

  /** Field errors keyed by form field name ("body.periods.0.seats" -> "periods.0.seats"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const name = e.field.replace(/^(body|query|params)\./, '');
      out[name] ??= e.message;
    }
    return out;
  }
}

type Query = Record<string, string | number | boolean | undefined | null | string[]>;

export interface ApiOptions {
  query?: Query;
  body?: unknown;
  /** Send a token other than the signed-in person's (sign-in itself sends none). */
  token?: string | null;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v));
    else params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** A problem built here when the API cannot be reached, so pages show a clear message. */
function unreachable(): Problem {
  return {
    type: 'about:blank',
    title: 'Service indisponible',
    status: 503,
    code: 'unavailable',
    detail: 'Le service Tremplin ne répond pas pour le moment. Réessayez dans un instant.',
  };
}

type ApiEvent = Pick<RequestEvent, 'locals' | 'getClientAddress'>;

/** The person's own address, so the API's rate limits count per person, not per web server. */
function forwarded(event: ApiEvent): Record<string, string> {
  try {
    return { 'x-forwarded-for': event.getClientAddress() };
  } catch {
    return {};
  }
}

export async function apiFetch<T>(
  event: ApiEvent,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: ApiOptions = {},
): Promise<T> {
  const token = options.token === undefined ? event.locals.token : options.token;
  const headers: Record<string, string> = { accept: 'application/json', ...forwarded(event) };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${config.apiUrl}${withQuery(path, options.query)}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(503, unreachable());
  }
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) {
    const problem = type.includes('json') ? ((await response.json()) as Problem) : unreachable();
    throw new ApiError(response.status, { ...problem, status: response.status });
  }
  if (response.status === 204) return undefined as T;
  if (type.includes('json')) return (await response.json()) as T;
  return (await response.arrayBuffer()) as T;
}

/** Raw response, for files (PDF, CSV, .ics) streamed back to the browser as they are. */
export async function apiRaw(event: ApiEvent, path: string, query?: Query): Promise<Response> {
  const headers: Record<string, string> = forwarded(event);
  if (event.locals.token) headers.authorization = `Bearer ${event.locals.token}`;
  try {
    return await fetch(`${config.apiUrl}${withQuery(path, query)}`, { headers });
  } catch {
    return new Response('Service indisponible', { status: 503 });
  }
}

export function api(event: ApiEvent) {
  return {
    get: <T>(path: string, query?: Query) => apiFetch<T>(event, 'GET', path, { query }),
    post: <T>(path: string, body?: unknown, options: Omit<ApiOptions, 'body'> = {}) =>
      apiFetch<T>(event, 'POST', path, { ...options, body: body ?? {} }),
    patch: <T>(path: string, body: unknown) => apiFetch<T>(event, 'PATCH', path, { body }),
    put: <T>(path: string, body: unknown) => apiFetch<T>(event, 'PUT', path, { body }),
    delete: <T>(path: string) => apiFetch<T>(event, 'DELETE', path),
  };
}

export type { ProblemFieldError };
