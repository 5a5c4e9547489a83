import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import { createContext } from './context';
import type { Db } from './db/database';
import type { Access } from './modules/access/access.service';
import type { Principal } from './modules/access/access.rules';
import type { CallHub } from './modules/call/call.subscription';

/**
 * GraphQL subscriptions over graphql-ws on the same HTTP server and path as queries (/graphql). A connection
 * is authorized like a query: the bearer token in the connection_init payload (`authorization`), or the
 * upgrade request's Authorization header; without one, only where reading is public. A refused connection is
 * closed with 4403 Forbidden. Returns the function that closes every socket (clean shutdown).
 */
export function serveSubscriptions(
  httpServer: http.Server,
  deps: { schema: GraphQLSchema; db: Db; access: Access; calls: CallHub },
): () => Promise<void> {
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const principals = new WeakMap<object, Principal>();
  const server = useServer(
    {
      schema: deps.schema,
      onConnect: async (ctx) => {
        const params = (ctx.connectionParams ?? {}) as Record<string, unknown>;
        const header = params.authorization ?? params.Authorization ?? ctx.extra.request.headers.authorization;
        try {
          principals.set(ctx.extra.socket, await deps.access.authenticate(typeof header === 'string' ? header : undefined));
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => ({
        ...createContext(deps.db, randomUUID(), principals.get(ctx.extra.socket)),
        calls: deps.calls,
      }),
    },
    wss,
  );
  return async () => {
    await server.dispose();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}
