import { pgError } from './database';

/**
 * Database failures a client may be told about (they say nothing about shudi's internals and the client can
 * act: retry later, ask for less): a statement that ran out of time, or a database that cannot be reached.
 */
export type DbFailure = 'timeout' | 'unavailable';

/** SQLSTATEs: 57014 query_canceled (statement_timeout); class 08 connection exceptions; 57P01–03 shutdown/starting. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres reports a lost or unobtainable connection by message only. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection due to administrator command|the database system is (shutting down|starting up|in recovery mode)/i;

export function dbFailure(error: unknown): DbFailure | null {
  // graphql-js wraps a thrown value that is not an Error of its realm (NonErrorThrown.thrownValue).
  const thrown = (error as { thrownValue?: unknown } | null)?.thrownValue;
  const e = thrown && typeof thrown === 'object' ? thrown : error;
  // TypeORM releases a query runner whose connection died mid-transaction; the next statement says so
  if ((e as Error | null)?.name === 'QueryRunnerAlreadyReleasedError') return 'unavailable';
  const pg = pgError(e);
  if (pg?.code === '57014') return 'timeout';
  if (pg?.code && (UNAVAILABLE_SQLSTATE.test(pg.code) || UNAVAILABLE_ERRNO.has(pg.code))) return 'unavailable';
  const messages = [
    pg?.message,
    (e as Error | null)?.message,
    ((e as { cause?: Error } | null)?.cause as Error | undefined)?.message,
  ];
  if (messages.some((m) => typeof m === 'string' && UNAVAILABLE_MESSAGE.test(m))) return 'unavailable';
  return null;
}
