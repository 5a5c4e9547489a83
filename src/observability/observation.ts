import type { RequestHandler } from 'express';
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

const KEY = Symbol('shudi.observation');
/**
 * The observation of the request whose GraphQL context is `context`, if any. It travels with the context (a
 * symbol-keyed property, kept by the shallow copy Apollo makes of the context per operation), not in an
 * AsyncLocalStorage: on Node 20 an active AsyncLocalStorage makes every promise of every request pay for
 * async hooks (measured, docs/decisions.md).
 */
export const observationFor = (context: object | undefined): Observation | undefined =>
  (context as { [KEY]?: Observation } | undefined)?.[KEY];

/** Links a request's GraphQL context to the observation of its response. */
export function linkObservation(context: object, res: ServerResponse): void {
  const obs = observationOf(res);
  if (obs) (context as { [KEY]?: Observation })[KEY] = obs;
}

export const observationOf = (res: ServerResponse): Observation | undefined => (res as { [KEY]?: Observation })[KEY];

/** Starts an observation for each request (after the request logger has given it an id). */
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
    next();
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
