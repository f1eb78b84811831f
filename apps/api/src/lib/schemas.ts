// Response-schema helpers, so every route declares its error replies the same way.
import { Problem } from '@tremplin/contracts';

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/** `{ 400: Problem, 401: Problem, ... }` for the statuses a route can answer with an error. */
export function problems<S extends ErrorStatus>(...statuses: S[]): Record<S, typeof Problem> {
  return Object.fromEntries(statuses.map((s) => [s, Problem])) as Record<S, typeof Problem>;
}

/** The errors any authenticated route can give, besides its own. */
export const authProblems = [401, 403, 429] as const;

/** OpenAPI security requirement of a route that needs a session (header or cookie). */
export const secured: { security: Record<string, string[]>[] } = {
  security: [{ bearer: [] }, { cookie: [] }],
};
