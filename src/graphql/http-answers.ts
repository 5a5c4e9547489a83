import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { isIsoDate } from '../dates';
import { dbFailure } from '../db/failures';
import { AppError, DB_FAILURE_MESSAGE } from '../errors';

/**
 * The plain-HTTP routes beside GraphQL (table download and upload, conformance download) answer as GraphQL
 * does: the same public codes, bilingual messages, 401 with WWW-Authenticate, 503/504 for the database.
 */

export type Fail = (status: number, code: string, message: string) => unknown;

/** `{ error: { code, message } }` with `status` (nothing once a response has begun). */
export function jsonFail(res: Response): Fail {
  return (status, code, message) => (res.headersSent ? undefined : res.status(status).json({ error: { code, message } }));
}

/** A `?asOf=` query value: absent is null (today); anything but YYYY-MM-DD is answered 400 and yields undefined. */
export function asOfQuery(value: unknown, fail: Fail): string | null | undefined {
  const asOf = typeof value === 'string' ? value : null;
  if (asOf !== null && !isIsoDate(asOf)) {
    fail(400, 'BAD_USER_INPUT', `asOf "${asOf}" 不是日期 (YYYY-MM-DD) · asOf "${asOf}" is not a date (YYYY-MM-DD)`);
    return undefined;
  }
  return asOf;
}

/** A file download: a plain filename for curl -J and old browsers (non-ASCII replaced), filename* for the rest. */
export function sendAttachment(res: Response, file: { filename: string; bytes: Buffer | Uint8Array }, mediaType: string): void {
  res.setHeader('content-type', mediaType);
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.setHeader('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  res.send(file.bytes);
}

/** Answers a failed request by its error; rethrows what is not the client's to know (a 500 with an error id). */
export function answerFailure(res: Response, e: unknown, fail: Fail): void {
  if (e instanceof GraphQLError && e.extensions.code === 'UNAUTHENTICATED') {
    res.setHeader('www-authenticate', 'Bearer realm="shudi"');
    fail(401, 'UNAUTHENTICATED', e.message);
    return;
  }
  if (e instanceof GraphQLError && e.extensions.code === 'FORBIDDEN') {
    fail(403, 'FORBIDDEN', e.message);
    return;
  }
  if (e instanceof AppError) {
    if (e.publicCode === 'UNAUTHENTICATED') res.setHeader('www-authenticate', 'Bearer realm="shudi"');
    const status = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404 }[e.publicCode as string] ?? 400;
    fail(status, e.publicCode, e.message);
    return;
  }
  // the database timed out or is away: what GraphQL answers too (TIMEOUT, or 503 with Retry-After)
  const failure = dbFailure(e);
  if (failure) {
    if (failure === 'unavailable') res.setHeader('retry-after', '5');
    fail(
      failure === 'unavailable' ? 503 : 504,
      failure === 'unavailable' ? 'SERVICE_UNAVAILABLE' : 'TIMEOUT',
      DB_FAILURE_MESSAGE[failure].message,
    );
    return;
  }
  throw e;
}
