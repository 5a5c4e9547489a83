import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { dbFailure } from './db/failures';

/** Public error codes clients switch on (extensions.code). */
export type PublicCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'TIMEOUT'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** Domain error codes (module-prefixed) and the public code each maps to: the one mapping table. */
const PUBLIC_CODE: Record<string, PublicCode> = {
  JURISDICTION_CODE_MALFORMED: 'BAD_USER_INPUT',
  JURISDICTION_NOT_FOUND: 'BAD_USER_INPUT',
  INPUT_INVALID: 'BAD_USER_INPUT',
  PAGINATION_INVALID: 'BAD_USER_INPUT',
  IMPORT_INVALID: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  NOT_FOUND_INPUT: 'BAD_USER_INPUT',
  ALREADY_EXISTS: 'CONFLICT',
  STILL_REFERENCED: 'CONFLICT',
  STALE_VERSION: 'CONFLICT',
  ADJUSTMENT_STATE: 'CONFLICT',
  ADJUSTMENT_STALE: 'CONFLICT',
  ADJUSTMENT_INVALID: 'BAD_USER_INPUT',
  DISPUTE_STATE: 'CONFLICT',
  DISPUTE_INVALID: 'BAD_USER_INPUT',
  CALL_STATE: 'CONFLICT',
  CALL_INVALID: 'BAD_USER_INPUT',
  ADMISSION_REQUIRED: 'FORBIDDEN',
  ACCESS_UNAUTHENTICATED: 'UNAUTHENTICATED',
  ACCESS_FORBIDDEN: 'FORBIDDEN',
  DATABASE_TIMEOUT: 'TIMEOUT',
  DATABASE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** What a client is told about a database failure (dbFailure): no SQL, no host, something to act on. */
export const DB_FAILURE_MESSAGE = {
  timeout: {
    code: 'DATABASE_TIMEOUT',
    message: '数据库查询超时，请缩小范围后重试 · the database query ran out of time; ask for less and retry',
  },
  unavailable: {
    code: 'DATABASE_UNAVAILABLE',
    message: '数据库暂时不可用，请稍后重试 · the database is unavailable at the moment; retry shortly',
  },
} as const;

export interface Problem {
  /** Where: a JSON path (`assignments[12].scope`) or an argument/input path (`input.scope`). */
  path: string;
  message: string;
  /** Set when the problem is not about the input itself: FORBIDDEN (outside the caller's scope). */
  code?: PublicCode;
}

/** An error a user caused and can act on. Messages are bilingual: 中文 first, then English. */
export class AppError extends Error {
  constructor(
    readonly code: keyof typeof PUBLIC_CODE | string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
  get publicCode(): PublicCode {
    return PUBLIC_CODE[this.code] ?? 'BAD_USER_INPUT';
  }
}

/**
 * Throws one INPUT_INVALID error listing every problem (no-op when there are none); when any problem is
 * FORBIDDEN, one ACCESS_FORBIDDEN error listing those (the caller may not write it, however valid it is).
 */
export function failOnProblems(problems: Problem[]): void {
  if (problems.length === 0) return;
  const forbidden = problems.filter((p) => p.code === 'FORBIDDEN');
  if (forbidden.length > 0) {
    throw new AppError('ACCESS_FORBIDDEN', forbidden.map((p) => `${p.path}: ${p.message}`).join('; '), forbidden);
  }
  const text = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  throw new AppError('INPUT_INVALID', text, problems);
}

export function toGraphQLError(e: AppError): GraphQLError {
  return new GraphQLError(e.message, {
    extensions: { code: e.publicCode, reason: e.code, ...(e.problems.length ? { problems: e.problems } : {}) },
  });
}

/**
 * The one place errors become what clients see: AppErrors keep their message and code; GraphQL's own
 * validation errors pass; a database timeout or outage says so (TIMEOUT, SERVICE_UNAVAILABLE, with an id that
 * is in the log); anything else is masked (no stack, SQL or paths) with an id that is in the log.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  opts: { production: boolean; log: (id: string, err: unknown) => void },
): GraphQLFormattedError {
  const original = unwrap(error);
  if (original instanceof AppError) {
    return { ...formatted, message: original.message, extensions: toGraphQLError(original).extensions };
  }
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') {
    if (opts.production) {
      const { stacktrace: _omit, ...ext } = formatted.extensions ?? {};
      return { ...formatted, extensions: ext };
    }
    return formatted;
  }
  const id = `err-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  opts.log(id, original ?? error);
  const failure = dbFailure(original);
  if (failure) {
    const { code, message } = DB_FAILURE_MESSAGE[failure];
    const e = new AppError(code, `${message} (id ${id})`);
    return {
      message: e.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: e.publicCode, reason: code, errorId: id },
    };
  }
  return {
    message: opts.production ? `内部错误 Internal error (id ${id})` : `${formatted.message} (id ${id})`,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: id },
  };
}

function unwrap(error: unknown): unknown {
  let e = error;
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e;
}
