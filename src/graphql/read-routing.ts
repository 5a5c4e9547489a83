import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from '../context';
import { LSN_HEADER, requestedLsn } from '../db/lsn';
import { ReplicaDb, type ReplicaSet } from '../db/replicas';

/** What the routing decided for one request, read by the response cache (src/graphql/response-cache.ts). */
export interface ReadRoute {
  /** The position the client sent back (its last write), null when none. */
  asked: bigint | null;
  /** A lower bound of what the answer's data includes: the replica's position when chosen; null for the primary. */
  readPosition: bigint | null;
}

const routes = new WeakMap<object, ReadRoute>();
export const readRouteOf = (ctx: object): ReadRoute | undefined => routes.get(ctx);

/**
 * Read routing with replicas (docs/deployment.md): a query's resolvers read on a replica (ctx.db), the one
 * that has replayed the position the client sent back in the X-Shudi-WAL-Position header, or the primary.
 * Mutations stay on the primary, and their answer carries the primary's WAL position after the commit, in that
 * header and in `extensions.walPosition`, for the client to send back. Installed only when replicas are configured.
 */
export function readRoutingPlugin(replicas: ReplicaSet): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let wrote = false;
      return {
        async didResolveOperation(rc) {
          const kind = rc.operation?.operation;
          if (kind === 'mutation') {
            wrote = true;
            return;
          }
          if (kind !== 'query') return;
          let asked: bigint | null;
          try {
            asked = requestedLsn(rc.request.http?.headers.get(LSN_HEADER));
          } catch (e) {
            throw new GraphQLError((e as Error).message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          const db = await replicas.forRead(asked);
          rc.contextValue.db = db;
          routes.set(rc.contextValue, { asked, readPosition: db instanceof ReplicaDb ? db.readPosition : null });
        },
        async willSendResponse(rc) {
          if (!wrote) return;
          const position = await replicas.writePosition().catch(() => null);
          if (!position) return;
          rc.response.http.headers.set(LSN_HEADER, position);
          if (rc.response.body.kind === 'single') {
            const result = rc.response.body.singleResult;
            result.extensions = { ...result.extensions, walPosition: position };
          }
        },
      };
    },
  };
}

/**
 * The same for the HTTP writes outside GraphQL (table and adjustment uploads): a POST/PUT/PATCH/DELETE
 * answered with JSON carries the primary's WAL position after it, in the header.
 */
export function writePositionMiddleware(replicas: ReplicaSet) {
  return (req: IncomingMessage, res: ServerResponse & { json?: (body: unknown) => unknown }, next: () => void): void => {
    const json = res.json;
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' || typeof json !== 'function') return next();
    res.json = (body: unknown) => {
      replicas
        .writePosition()
        .then((position) => {
          if (!res.headersSent) res.setHeader(LSN_HEADER, position);
        })
        .catch(() => undefined)
        .finally(() => json.call(res, body));
      return res;
    };
    next();
  };
}
