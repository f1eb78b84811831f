// How errors are written to the logs: no personal data. A database error's message and detail
// quote the values that failed ("Key (email)=(ines@…) already exists", the query's parameters), so
// only their SQLSTATE code, constraint, table and column, and the query text without its
// parameters, are kept; other errors keep their message. Stacks keep their frames only.

interface ErrorLike {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  statusCode?: unknown;
  constraint?: unknown;
  constraint_name?: unknown;
  table?: unknown;
  table_name?: unknown;
  column?: unknown;
  column_name?: unknown;
  query?: unknown;
  cause?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function isDatabaseError(error: ErrorLike): boolean {
  return (
    (typeof error.code === 'string' && SQLSTATE.test(error.code)) ||
    /query|postgres|pglite/i.test(error.name ?? '') ||
    /^Failed query:/.test(error.message ?? '')
  );
}

function frames(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const lines = stack.split('\n').filter((line) => line.trimStart().startsWith('at '));
  return lines.length > 0 ? lines.join('\n') : undefined;
}

export interface SafeError {
  type: string;
  message: string;
  code?: string;
  statusCode?: number;
  constraint?: string;
  table?: string;
  column?: string;
  stack: string;
  cause?: SafeError;
  [key: string]: unknown;
}

export function safeError(value: unknown, depth = 0): SafeError {
  if (!value || typeof value !== 'object') return { type: typeof value, message: '', stack: '' };
  const error = value as ErrorLike;
  const out: SafeError = {
    type: error.name ?? error.constructor?.name ?? 'Error',
    message: 'database error',
    stack: frames(error.stack) ?? '',
  };
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  if (isDatabaseError(error)) {
    // "Failed query: <sql>\nparams: <values>": the statement is ours, the values are not.
    const statement = /^Failed query: ([\s\S]*?)(\nparams:[\s\S]*)?$/.exec(error.message ?? '');
    if (statement) out.message = `Failed query: ${statement[1]}`;
  } else if (error.message) {
    out.message = error.message;
  }
  const code = text(error.code);
  if (code) out.code = code;
  if (typeof error.statusCode === 'number') out.statusCode = error.statusCode;
  const constraint = text(error.constraint ?? error.constraint_name);
  if (constraint) out.constraint = constraint;
  const table = text(error.table ?? error.table_name);
  if (table) out.table = table;
  const column = text(error.column ?? error.column_name);
  if (column) out.column = column;
  if (error.cause && depth < 3) out.cause = safeError(error.cause, depth + 1);
  return out;
}
