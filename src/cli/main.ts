import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig, projectRoot } from '../config';
import { openDatabase } from '../db/bootstrap';
import { printShudiSchema } from '../schema';
import { EXCHANGE_USAGE, exportCommand, importCommand } from './exchange.commands';
import { tokenCommand, TOKEN_USAGE } from '../modules/access/token.cli';
import { adjustCommand, ADJUST_USAGE } from '../modules/adjustment/adjustment.cli';
import { loadTree } from '../modules/jurisdiction/tree.loader';

const USAGE = `shudi CLI — npm run cli -- <command>
  migrate                    apply pending migrations 执行数据库迁移
  load-tree [--force]        load the national tree 加载全国行政区划
${EXCHANGE_USAGE}
  ${ADJUST_USAGE}
  schema --write | --check   print schema/schema.graphql, or fail when it is stale
  ${TOKEN_USAGE}`;

const SCHEMA_FILE = () => path.join(projectRoot(), 'schema', 'schema.graphql');

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig());
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** A progress line on stderr (rewritten in place on a terminal). */
export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
  else process.stderr.write(`${text}\n`);
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      await withDatabase(async () => progress('migrations applied 迁移完成\n'));
      return 0;
    case 'load-tree':
      await withDatabase(async ({ db }) => {
        const t = Date.now();
        const r = await loadTree(db, { force: rest.includes('--force') });
        progress(
          `tree ${r.skipped ? 'already loaded 已加载' : `loaded: ${r.inserted} inserted, ${r.updated} updated`} (${Date.now() - t} ms)\n`,
        );
      });
      return 0;
    case 'import':
      return withDatabase(({ db }) => importCommand(db, rest));
    case 'export':
      return withDatabase(({ db }) => exportCommand(db, rest));
    case 'adjust':
      return withDatabase(({ db }) => adjustCommand(db, rest));
    case 'token': {
      const config = loadConfig();
      return tokenCommand(rest, config.auth, config.port);
    }
    case 'schema': {
      const sdl = printShudiSchema();
      if (rest.includes('--write')) {
        fs.writeFileSync(SCHEMA_FILE(), sdl);
        process.stderr.write(`wrote ${SCHEMA_FILE()}\n`);
        return 0;
      }
      const current = fs.existsSync(SCHEMA_FILE()) ? fs.readFileSync(SCHEMA_FILE(), 'utf8') : '';
      if (current !== sdl) {
        process.stderr.write('schema/schema.graphql is stale: run `npm run schema:print` and commit it\n');
        return 1;
      }
      process.stderr.write('schema/schema.graphql is current\n');
      return 0;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return command ? 64 : 0;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`\nerror: ${(e as Error)?.message ?? e}\n`);
    process.exit(1);
  },
);
