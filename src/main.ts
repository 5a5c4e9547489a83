import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createApp } from './app';
import { loadConfig, projectRoot } from './config';
import { openDatabase } from './db/bootstrap';
import { createAccess } from './modules/access/access.service';
import { DataVersion } from './db/data-version';
import { JobLeader } from './db/leader';
import { ReplicaSet } from './db/replicas';
import { importDocument } from './modules/exchange/import.service';
import { FlagWorker } from './modules/analysis/flag-store.service';
import { EscalationJob } from './modules/call/call.escalation';
import { CallHub } from './modules/call/call.subscription';
import { WebhookWorker } from './modules/call/webhook.service';
import { loadTree } from './modules/jurisdiction/tree.loader';
import { createLogger, logFunction } from './observability/logger';
import { installShutdown } from './shutdown';

export const DEMO_FILE = path.join(projectRoot(), 'src', 'data', 'demo-zhaoyuan.json');
/** The demo's township duty lists and empowerments (SPEC §8), imported after DEMO_FILE. */
export const DEMO_DUTY_FILE = path.join(projectRoot(), 'src', 'data', 'demo-zhaoyuan-duty.json');

/** Past the drain's grace period (in-flight requests), this long is left to close the pool and stop PostgreSQL. */
const CLOSE_GRACE_MS = 10000;

let log = logFunction(createLogger());

/** config → database (embedded or DATABASE_URL, migrated) → tree → demo on an empty database → listen. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  log = logFunction(logger);
  const database = await openDatabase(config, {
    log: (m) => m.includes('ERROR') && log('warn', 'postgres', { line: m }),
    statementTimeoutMs: config.ops.statementTimeoutMs,
    importStatementTimeoutMs: config.ops.importStatementTimeoutMs,
    admission: config.admission,
  });
  database.logger.sink = log;
  log('info', 'database ready', { embedded: !!database.embedded, ms: Date.now() - started });
  const tree = await loadTree(database.db);
  if (!tree.skipped) log('info', 'national tree loaded 全国行政区划已加载', { ...tree, ms: Date.now() - started });
  if (config.loadDemo) {
    const [{ n }] = await database.db.query<{ n: number }>('select count(*)::int as n from catalogue');
    if (n === 0) {
      const report = await importDocument(database.db, JSON.parse(fs.readFileSync(DEMO_FILE, 'utf8')));
      log('info', 'demo list imported 演示清单已导入', { created: report.created, problems: report.problems.length });
      const duty = await importDocument(database.db, JSON.parse(fs.readFileSync(DEMO_DUTY_FILE, 'utf8')));
      log('info', 'demo duty lists imported 演示履职事项清单已导入', { created: duty.created, problems: duty.problems.length });
    }
  }
  const access = createAccess(config.auth);
  log('info', 'authentication 身份验证', { keys: access.source, publicRead: access.publicRead });
  // SHUDI_RESPONSE_CACHE=true: query responses cached per data version, followed by LISTEN (default off)
  const dataVersion = config.responseCache ? new DataVersion(database.url, (m, d) => log('warn', m, d)) : undefined;
  await dataVersion?.start();
  // DATABASE_REPLICA_URLS: queries read on streaming replicas; everything else stays on the primary
  const replicas =
    config.replicas.urls.length > 0
      ? new ReplicaSet(
          database.db,
          config.replicas.urls,
          {
            maxLagMs: config.replicas.maxLagMs,
            pollMs: config.replicas.pollMs,
            waitMs: config.replicas.waitMs,
            statementTimeoutMs: config.ops.statementTimeoutMs,
          },
          (level, m, d) => log(level, m, d),
          database.logger,
        )
      : undefined;
  await replicas?.start();
  if (replicas) log('info', 'read replicas 只读备库', { replicas: replicas.status() });
  // calls: subscribers and the webhook worker hear every call event at its commit, on any instance
  const calls = new CallHub(database.url, database.db, (m, d) => log('warn', m, d));
  await calls.start();
  let webhooks: WebhookWorker | null = null;
  calls.onEvent = () => webhooks?.kick();
  // the scheduled jobs (flag store refresh, 督办 escalation, webhook deliveries) run on one node at a time:
  // the node holding the jobs lock on the primary; another takes them over when it dies
  const jobs = new JobLeader(
    database.url,
    async () => {
      const hooks = new WebhookWorker(database.db, { log: (level, m, d) => log(level, m, d) });
      hooks.start();
      webhooks = hooks;
      const flagWorker = new FlagWorker(database.db, database.url, (level, m, d) => log(level, m, d));
      await flagWorker.start();
      const escalation = new EscalationJob(database.db, { log: (level, m, d) => log(level, m, d) });
      escalation.start();
      return async () => {
        webhooks = null;
        await flagWorker.stop();
        await escalation.stop();
        await hooks.stop();
      };
    },
    { retryMs: config.replicas.jobsRetryMs, log: (level, m, d) => log(level, m, d), name: `${process.pid}` },
  );
  const app = await createApp({ db: database.db, config, log, logger, access, dataVersion, calls, replicas, jobs });
  await jobs.start();
  installShutdown({
    // the data-version listener first: with it open, stopping Apollo waited on it
    stopServer: async () => {
      await jobs.stop();
      await calls.stop();
      await replicas?.stop();
      await dataVersion?.stop();
      await app.stop();
    },
    closeDatabase: () => database.close(),
    log,
    timeoutMs: config.ops.shutdownTimeoutMs + CLOSE_GRACE_MS,
  });
  const port = await app.listen(config.port, config.host);
  log('info', `shudi serving http://localhost:${port}/graphql`, { port, startupMs: Date.now() - started });
}

main().catch((e) => {
  log('fatal', 'startup failed', { error: String((e as Error)?.message ?? e) });
  process.exit(1);
});
