// Form actions: read fields, call the API, and turn its problems into `fail()` with one message
// per field, so the page can show each error beside its field.
import { fail, type ActionFailure } from '@sveltejs/kit';
import { ApiError } from './api';

export interface FormFailure {
  /** Which form of the page failed, when a page has several. */
  form?: string;
  /** A message for the whole form (shown in the error summary). */
  message: string;
  /** One message per field name. */
  errors: Record<string, string>;
  /** What the person typed, to put back in the form (never passwords). */
  values: Record<string, string>;
}

export function formValues(data: FormData, omit: string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of data.entries()) {
    if (typeof value === 'string' && !omit.includes(key)) values[key] = value;
  }
  return values;
}

/** Runs an API call; an API error becomes a form failure with its field messages. */
export async function attempt<T>(
  run: () => Promise<T>,
  values: Record<string, string>,
  extra: { form?: string } = {},
): Promise<{ ok: true; value: T } | { ok: false; failure: ActionFailure<FormFailure> }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) {
      return {
        ok: false,
        failure: fail(error.status, {
          ...extra,
          message: error.problem.detail,
          errors: error.fieldErrors(),
          values,
        }),
      };
    }
    if (error instanceof ApiError) {
      return {
        ok: false,
        failure: fail(503, { ...extra, message: error.problem.detail, errors: {}, values }),
      };
    }
    throw error;
  }
}

export function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
