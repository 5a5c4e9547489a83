import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST, Kind, type OperationDefinitionNode } from 'graphql';
import { observationFor } from './observation';

/** Seconds a client should wait before retrying while the database is unavailable. */
const RETRY_AFTER_SECONDS = '5';

/**
 * Tells the request's observation (log line, metrics) which operation ran and which errors it answered,
 * and answers 503 with Retry-After when the database was unavailable (code SERVICE_UNAVAILABLE).
 */
export function observabilityPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ contextValue }) {
      const obs = observationFor(contextValue as object);
      if (obs) obs.graphql = true;
      const note = (op: OperationDefinitionNode | null | undefined) => {
        if (!obs || !op) return;
        obs.resolved = true;
        obs.operation = op.name?.value ?? null;
        obs.rootFields = op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])).slice(0, 10);
      };
      return {
        async didResolveOperation({ operation }) {
          note(operation);
        },
        async willSendResponse({ response, document, request, operation }) {
          if (obs && !obs.resolved && document) {
            try {
              note(operation ?? getOperationAST(document, request.operationName));
            } catch {
              /* a document that names no usable operation */
            }
          }
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          for (const e of errors) {
            const code = e.extensions?.code;
            if (obs && typeof code === 'string') obs.errorCodes.push(code);
            if (obs && typeof e.extensions?.errorId === 'string') obs.errorIds.push(e.extensions.errorId);
          }
          if (errors.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) {
            response.http.status = 503;
            response.http.headers.set('retry-after', RETRY_AFTER_SECONDS);
          }
        },
      };
    },
  };
}
