import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createApp } from './app';
import { loadConfig, projectRoot } from './config';
import { openDatabase } from './db/bootstrap';
import { DataVersion } from './db/data-version';
import { importDocument } from './modules/exchange/import.service';
import { loadTree } from './modules/jurisdiction/tree.loader';

export const DEMO_FILE = path.join(projectRoot(), 'src', 'data', 'demo-zhaoyuan.json');

const log = (level: string, msg: string, data: object = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...data })}\n`);

/** config → database (embedded or DATABASE_URL, migrated) → tree → demo on an empty database → listen. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const database = await openDatabase(config, { log: (m) => m.includes('ERROR') && log('warn', 'postgres', { line: m }) });
  log('info', 'database ready', { embedded: !!database.embedded, ms: Date.now() - started });
  const tree = await loadTree(database.db);
  if (!tree.skipped) log('info', 'national tree loaded 全国行政区划已加载', { ...tree, ms: Date.now() - started });
  if (config.loadDemo) {
    const [{ n }] = await database.db.query<{ n: number }>('select count(*)::int as n from catalogue');
    if (n === 0) {
      const report = await importDocument(database.db, JSON.parse(fs.readFileSync(DEMO_FILE, 'utf8')));
      log('info', 'demo list imported 演示清单已导入', { created: report.created, problems: report.problems.length });
    }
  }
  // Query responses are cached per data version, which this server follows by LISTEN (SHUDI_RESPONSE_CACHE=false: off)
  const dataVersion = config.responseCache ? new DataVersion(database.url, (m, d) => log('warn', m, d)) : undefined;
  await dataVersion?.start();
  const app = await createApp({ db: database.db, config, log, dataVersion });
  const port = await app.listen(config.port, config.host);
  log('info', `shudi serving http://localhost:${port}/graphql`, { startupMs: Date.now() - started });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'shutting down', { signal });
    // the listener first: with it open, stopping Apollo waited on it
    await dataVersion?.stop();
    await app.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  log('fatal', 'startup failed', { error: String((e as Error)?.message ?? e) });
  process.exit(1);
});
