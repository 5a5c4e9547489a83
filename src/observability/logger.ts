import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { observationOf } from './observation';

export type { Logger };
export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error' | 'fatal', msg: string, data?: object) => void;

/** The process logger: one JSON object per line on stdout (or `destination`), ISO times, `msg` for the message. */
export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { service: 'shudi' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    opts.destination,
  );
}

/** The `(level, msg, data)` function the rest of shudi logs through, writing to `logger`. */
export function logFunction(logger: Logger): LogFn {
  return (level, msg, data = {}) => logger[level](data, msg);
}

/** An incoming x-request-id is kept when it is a plausible id; otherwise (or absent) a new UUID. */
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
export function requestIdOf(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && REQUEST_ID.test(v) ? v : randomUUID();
}

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The path as requested (Express rewrites req.url inside mounted routers). */
export const pathOf = (req: IncomingMessage): string =>
  ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0];

/**
 * One log line per request (pino-http), written when the response finishes: request id (also echoed in the
 * x-request-id response header and given to the GraphQL context), method, path, status, duration, and for
 * GraphQL the operation name, root fields, error codes and the ids of masked errors.
 * Probes and scrapes log at debug. Headers are not logged (they carry credentials).
 */
export function requestLogging(logger: Logger): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  if (!logger.isLevelEnabled('info')) return errorLinesOnly(logger);
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestIdOf(req.headers['x-request-id']);
      res.setHeader('x-request-id', id);
      return id;
    },
    // The line carries reqId (a binding) and the fields below, not the request's headers.
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'reqId' },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      if (QUIET_PATHS.has(pathOf(req)) && res.statusCode < 400) return 'debug';
      return 'info';
    },
    customSuccessObject: (req, res, val: { responseTime: number }) => requestLine(req, res, val.responseTime),
    customErrorObject: (req, res, err, val: { responseTime: number }) => ({
      ...requestLine(req, res, val.responseTime),
      ...(/^failed with status code/.test(err.message) ? {} : { err: err.message }),
    }),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
  });
}

/**
 * At a level above info (LOG_LEVEL=warn or error) only failed requests are logged: no per-request child
 * logger or serializers, just the request id and, when the response is a 5xx, the same line as pino-http's.
 */
function errorLinesOnly(logger: Logger) {
  const logs = logger.isLevelEnabled('error');
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const id = requestIdOf(req.headers['x-request-id']);
    res.setHeader('x-request-id', id);
    (req as { id?: string }).id = id;
    if (logs) {
      const start = performance.now();
      res.once('finish', () => {
        if (res.statusCode < 500) return;
        const err = (res as { err?: Error }).err;
        logger.error(
          { reqId: id, ...requestLine(req, res, Math.round(performance.now() - start)), ...(err ? { err: err.message } : {}) },
          'request failed',
        );
      });
    }
    next();
  };
}

function requestLine(req: IncomingMessage, res: ServerResponse, responseTime: number) {
  const obs = observationOf(res);
  return {
    method: req.method,
    path: pathOf(req),
    status: res.statusCode,
    durationMs: responseTime,
    ...(obs?.graphql
      ? {
          operation: obs.operation,
          rootFields: obs.rootFields,
          ...(obs.errorCodes.length ? { errorCodes: [...new Set(obs.errorCodes)] } : {}),
          ...(obs.errorIds.length ? { errorIds: obs.errorIds } : {}),
        }
      : {}),
  };
}
