// Domain errors: thrown anywhere, turned into application/problem+json by plugins/errors.ts.
import type { ProblemFieldError } from '@tremplin/contracts';

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly errors?: ProblemFieldError[],
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, errors?: ProblemFieldError[]) =>
  new AppError(400, code, message, errors);
/** A request whose single bad field is known: 400 naming the field. */
export const invalidField = (field: string, code: string, message: string) =>
  new AppError(400, code, message, [{ field, code, message }]);
export const unauthorized = (message = 'Connectez-vous pour continuer.') =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message = "Vous n'avez pas accès à cette ressource.") =>
  new AppError(403, 'forbidden', message);
export const notFound = (message = "Cette ressource n'existe pas.") =>
  new AppError(404, 'not_found', message);
export const conflict = (code: string, message: string, errors?: ProblemFieldError[]) =>
  new AppError(409, code, message, errors);
export const tooManyRequests = (message: string) => new AppError(429, 'too_many_requests', message);
