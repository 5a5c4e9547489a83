import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import { DEFAULT_OPS, type Config } from './config';
import { createContext, type RequestContext } from './context';
import type { DataVersion } from './db/data-version';
import type { ReplicaSet } from './db/replicas';
import { readRoutingPlugin, writePositionMiddleware } from './graphql/read-routing';
import type { Db } from './db/database';
import { formatError } from './errors';
import { answerHttpError, graphqlBody, httpErrorHandler } from './graphql/body-limit';
import { graphqlPost, type RequestStep } from './graphql/post';
import { consoleRouter } from './graphql/console';
import { graphiqlRouter } from './graphql/graphiql';
import { tableUploadRouter } from './modules/exchange/table/table.upload';
import { operationTypeRule, storableInputPlugin } from './graphql/input-guards';
import { costLimitPlugin, depthLimitRule, MAX_TOKENS } from './graphql/limits';
import { responseCachePlugin } from './graphql/response-cache';
import { buildShudiSchema } from './schema';
import { healthRouter } from './health';
import { noAccess, type Access } from './modules/access/access.service';
import { tableDownloadRouter } from './modules/exchange/table/table.download';
import { conformanceDownloadRouter } from './modules/duty/conformance.download';
import { rulingsDownloadRouter } from './modules/dispute/dispute.download';
import { adjustmentUploadRouter } from './modules/adjustment/adjustment.upload';
import { createLogger, requestLogging, type Logger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { linkObservation, noteHttpError, observeRequests } from './observability/observation';
import { observabilityPlugin } from './observability/plugin';
import type { CallHub } from './modules/call/call.subscription';
import { serveSubscriptions } from './subscriptions';

export interface AppDeps {
  db: Db;
  config: Pick<Config, 'production' | 'introspection'> & Partial<Pick<Config, 'ops'>>;
  log?: (level: 'info' | 'warn' | 'error', msg: string, data?: object) => void;
  /** Bearer-token authentication (createAccess(config.auth)); absent: public reading, no token accepted. */
  access?: Access;
  /** Where the one-line-per-request log goes (default: nowhere). */
  logger?: Logger;
  /** Given: query responses are cached per data version (src/graphql/response-cache.ts). */
  dataVersion?: DataVersion;
  /** Given: GraphQL subscriptions (callUpdated) over graphql-ws on /graphql, fed by this hub (LISTEN shudi_call). */
  calls?: CallHub;
  /** Given: queries read on these streaming replicas, writes answer their WAL position (docs/deployment.md). */
  replicas?: ReplicaSet;
  /** Whether this node runs the scheduled jobs now (shown by /readyz). */
  jobs?: { leading: boolean };
}

export interface App {
  httpServer: http.Server;
  apollo: ApolloServer<RequestContext>;
  listen(port: number, host?: string): Promise<number>;
  /** Stops taking requests, lets in-flight ones finish (up to ops.shutdownTimeoutMs), and /readyz answers 503. */
  stop(): Promise<void>;
}

/** The server without listening: main.ts listens, tests call `listen(0)` or use `apollo.executeOperation`. */
export async function createApp(deps: AppDeps): Promise<App> {
  const log = deps.log ?? (() => undefined);
  const ops = deps.config.ops ?? DEFAULT_OPS;
  const lifecycle = { stopping: false };
  const metrics = createMetrics(deps.db, deps.replicas);
  const app = express();
  app.disable('x-powered-by');
  // POSTs of GraphQL JSON skip Express (src/graphql/post.ts); `fast` is set once Apollo has started
  let fast: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | null = null;
  const httpServer = http.createServer((req, res) => {
    if (!fast?.(req, res)) app(req, res);
  });
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
    validationRules: [depthLimitRule(ops.maxDepth), operationTypeRule],
    parseOptions: { maxTokens: MAX_TOKENS },
    maxRecursiveSelections: true,
    // main.ts handles SIGTERM/SIGINT (src/shutdown.ts); Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: ops.shutdownTimeoutMs }),
      ApolloServerPluginLandingPageDisabled(),
      // No type or field carries a cache hint; the default cache-control plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      costLimitPlugin(ops.maxCost),
      storableInputPlugin(),
      observabilityPlugin(),
      ...(deps.replicas ? [readRoutingPlugin(deps.replicas)] : []),
      ...(deps.dataVersion ? [responseCachePlugin(deps.dataVersion)] : []),
    ],
  });
  await apollo.start();
  const closeSubscriptions = deps.calls
    ? serveSubscriptions(httpServer, { schema: buildShudiSchema(), db: deps.db, access: deps.access ?? noAccess(), calls: deps.calls })
    : null;

  const steps = [requestLogging(deps.logger ?? createLogger({ level: 'silent' })), observeRequests(), metrics.middleware];
  const context = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const ctx = createContext(
      deps.db,
      String((req as { id?: unknown }).id ?? randomUUID()),
      await (deps.access ?? noAccess()).authenticate(req.headers.authorization),
    );
    linkObservation(ctx, res);
    return ctx;
  };
  const httpErrors = { ops, log, onError: noteHttpError };
  fast = graphqlPost({
    apollo,
    ops,
    steps: steps as RequestStep[],
    context,
    onError: (err, res) => answerHttpError(err, res, httpErrors),
  });
  app.use(...steps);
  if (ops.metrics) app.use(metrics.router);
  app.use(graphiqlRouter('/graphql'));
  app.use('/graphql', ...graphqlBody(ops), expressMiddleware(apollo, { context: ({ req, res }) => context(req, res) }));
  app.use(tableDownloadRouter(deps.db, deps.access ?? noAccess()));
  if (deps.replicas) app.use(writePositionMiddleware(deps.replicas));
  app.use(tableUploadRouter(deps.db, deps.access ?? noAccess(), ops.importBodyLimit));
  app.use(adjustmentUploadRouter(deps.db, deps.access ?? noAccess(), ops.importBodyLimit));
  app.use(consoleRouter());
  app.use(conformanceDownloadRouter(deps.db, deps.access ?? noAccess()));
  app.use(rulingsDownloadRouter(deps.db, deps.access ?? noAccess()));
  app.use(healthRouter(deps.db, lifecycle, { replicas: deps.replicas, jobs: deps.jobs }));
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.use(httpErrorHandler(httpErrors));

  return {
    httpServer,
    apollo,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve((httpServer.address() as { port: number }).port));
      }),
    stop: async () => {
      lifecycle.stopping = true;
      await closeSubscriptions?.();
      await apollo.stop();
    },
  };
}
