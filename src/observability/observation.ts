import type { RequestHandler } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';

/** What one HTTP request did, gathered while it runs and read by the log line and the metrics when it ends. */
export interface Observation {
  requestId: string;
  /** Whether the request reached GraphQL (it has an operation, or failed trying). */
  graphql: boolean;
  /** Operation name; null when anonymous or not resolved. */
  operation: string | null;
  /** Whether an operation was resolved (parsed, validated, chosen). */
  resolved: boolean;
  rootFields: string[];
  /** extensions.code of every error answered. */
  errorCodes: string[];
  /** extensions.errorId of masked errors (the details are logged under these ids). */
  errorIds: string[];
}

const storage = new AsyncLocalStorage<Observation>();
const KEY = Symbol('shudi.observation');

/** The observation of the request being handled (the GraphQL plugin runs inside it), if any. */
export const currentObservation = (): Observation | undefined => storage.getStore();

export const observationOf = (res: ServerResponse): Observation | undefined => (res as { [KEY]?: Observation })[KEY];

/** Starts an observation for each request (after pino-http has given it an id) and runs the rest inside it. */
export function observeRequests(): RequestHandler {
  return (req, res, next) => {
    const obs: Observation = {
      requestId: String((req as { id?: unknown }).id ?? ''),
      graphql: false,
      operation: null,
      resolved: false,
      rootFields: [],
      errorCodes: [],
      errorIds: [],
    };
    (res as { [KEY]?: Observation })[KEY] = obs;
    storage.run(obs, next);
  };
}

/**
 * Re-enters the request's observation. Stream callbacks (the body parser's) run outside the context they were
 * registered in, so the GraphQL middleware is entered through this, after the body has been read.
 */
export function resumeObservation(): RequestHandler {
  return (_req, res, next) => {
    const obs = observationOf(res);
    if (obs) storage.run(obs, next);
    else next();
  };
}

/** Records an error answered outside GraphQL (body too large, not JSON) on the request's observation. */
export function noteHttpError(res: ServerResponse, code: string, errorId?: string): void {
  const obs = observationOf(res);
  if (!obs) return;
  obs.graphql = true;
  obs.errorCodes.push(code);
  if (errorId) obs.errorIds.push(errorId);
}
