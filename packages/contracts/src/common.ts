// Shapes shared by every domain: identifiers, the error body, pagination.
import { type Static, Type } from 'typebox';

export const Uuid = Type.String({ format: 'uuid', description: 'Identifier (UUID).' });
export const IdParams = Type.Object({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

export const IsoDate = Type.String({ format: 'date', description: 'Calendar date, YYYY-MM-DD.' });
export const IsoDateTime = Type.String({ format: 'date-time' });

/** One bad field in a request: where it is and why it was refused. */
export const ProblemFieldError = Type.Object({
  /** Dotted path of the field in the request, e.g. "body.periods.0.seats". */
  field: Type.String(),
  /** Stable machine code, e.g. "required", "minLength", "siret.luhn". */
  code: Type.String(),
  /** What is wrong, in French, ready to show. */
  message: Type.String(),
});
export type ProblemFieldError = Static<typeof ProblemFieldError>;

/** RFC 9457 problem details: the only shape an error leaves the API in. */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  code: Type.String({ description: 'Stable machine code of the error.' }),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(ProblemFieldError)),
});
export type Problem = Static<typeof Problem>;

export const Ok = Type.Object({ ok: Type.Literal(true) });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
};

export function Page<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

/** School levels that take part in stages: 4e and 3e (collège), 2de générale et technologique, lycée pro. */
export const SchoolLevels = ['4e', '3e', '2de', 'pro'] as const;
export type SchoolLevel = (typeof SchoolLevels)[number];
export const SchoolLevelSchema = Type.Enum(SchoolLevels);
