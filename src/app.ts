import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Config } from './config';
import { createContext, type RequestContext } from './context';
import type { DataVersion } from './db/data-version';
import type { Db } from './db/database';
import { formatError } from './errors';
import { graphiqlRouter } from './graphql/graphiql';
import { responseCachePlugin } from './graphql/response-cache';
import { buildShudiSchema } from './graphql/schema';
import { healthRouter } from './health';

export interface AppDeps {
  db: Db;
  config: Pick<Config, 'production' | 'introspection'>;
  log?: (level: 'info' | 'warn' | 'error', msg: string, data?: object) => void;
  /** Given: query responses are cached per data version (src/graphql/response-cache.ts). */
  dataVersion?: DataVersion;
}

export interface App {
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  listen(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

/** The server without listening: main.ts listens, tests call `listen(0)` or use `apollo.executeOperation`. */
export async function createApp(deps: AppDeps): Promise<App> {
  const log = deps.log ?? (() => undefined);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<RequestContext>({
    schema: buildShudiSchema(),
    introspection: deps.config.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: !deps.config.production,
    formatError: (formatted, error) =>
      formatError(formatted, error, {
        production: deps.config.production,
        log: (id, err) => log('error', 'internal error', { errorId: id, err: String((err as Error)?.stack ?? err) }),
      }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ...(deps.dataVersion ? [responseCachePlugin(deps.dataVersion)] : []),
    ],
  });
  await apollo.start();

  app.use(graphiqlRouter('/graphql'));
  app.use(
    '/graphql',
    express.json({ limit: '50mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(deps.db, (req.headers['x-request-id'] as string) || randomUUID()),
    }),
  );
  app.use(healthRouter(deps.db));
  app.get('/', (_req, res) => res.redirect('/graphql'));

  return {
    httpServer,
    apollo,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as { port: number }).port));
      }),
    stop: () => apollo.stop(),
  };
}
