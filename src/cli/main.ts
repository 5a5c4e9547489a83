import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, projectRoot } from '../config';
import { openDatabase } from '../db/bootstrap';
import { printShudiSchema } from '../graphql/schema';
import { tokenCommand, TOKEN_USAGE } from '../modules/access/token.cli';
import { exportDocument } from '../modules/exchange/export.service';
import { importDocument } from '../modules/exchange/import.service';
import { requireScope } from '../modules/resolution/resolution.service';
import { loadTree } from '../modules/jurisdiction/tree.loader';

const USAGE = `shudi CLI — npm run cli -- <command>
  migrate                    apply pending migrations 执行数据库迁移
  load-tree [--force]        load the national tree 加载全国行政区划
  import FILE.json [--dry-run] [--reason TEXT]  import a shudi-catalogue/1 document 导入清单文件
  export SCOPE [--out FILE]  export a scope (000000: the nation) as a document 导出清单
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
    case 'import': {
      const file = rest.find((a, i) => !a.startsWith('--') && rest[i - 1] !== '--reason');
      if (!file) throw new Error('import: give a file 请给出文件 (npm run cli -- import FILE.json)');
      const dryRun = rest.includes('--dry-run');
      return withDatabase(async ({ db }) => {
        const t = Date.now();
        progress(`reading 读取 ${file} …`);
        const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown[]>;
        const n = ['bodies', 'items', 'catalogues', 'assignments'].reduce(
          (s, k) => s + (Array.isArray(doc[k]) ? doc[k].length : 0),
          0,
        );
        progress(`checking and writing 校验并写入 ${n} records …`);
        await loadTree(db);
        // The CLI writes with the database's own authority (no token); the change feed names the OS user.
        const reason = rest.includes('--reason') ? rest[rest.indexOf('--reason') + 1] : null;
        const report = await importDocument(db, doc, { dryRun, actor: `cli:${os.userInfo().username}`, reason });
        progress(`done 完成 in ${Date.now() - t} ms\n`);
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return report.problems.length > 0 ? 2 : 0;
      });
    }
    case 'export': {
      const scopeArg = rest.find((a) => !a.startsWith('--'));
      if (!scopeArg) throw new Error('export: give a scope 请给出辖区代码 (npm run cli -- export 370685 [--out FILE])');
      const out = rest.includes('--out') ? rest[rest.indexOf('--out') + 1] : null;
      return withDatabase(async ({ db }) => {
        const t = Date.now();
        progress(`exporting 导出 ${scopeArg} …`);
        const doc = await exportDocument(db, await requireScope(db, scopeArg));
        const text = `${JSON.stringify(doc, null, 1)}\n`;
        if (out) fs.writeFileSync(out, text);
        else process.stdout.write(text);
        const n = ['bodies', 'items', 'catalogues', 'assignments'].reduce((s, k) => s + (doc[k] as unknown[]).length, 0);
        progress(`done 完成: ${n} records in ${Date.now() - t} ms${out ? ` → ${out}` : ''}\n`);
        return 0;
      });
    }
    case 'token':
      return tokenCommand(rest, loadConfig().auth);
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
