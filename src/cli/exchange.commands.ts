import { SingleBar } from 'cli-progress';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Db } from '../db/database';
import { exportDocument } from '../modules/exchange/export.service';
import { importDocument } from '../modules/exchange/import.service';
import { exportTable, type CsvEncoding } from '../modules/exchange/table/table.export';
import { importTable } from '../modules/exchange/table/table.import';
import { loadTree } from '../modules/jurisdiction/tree.loader';
import { IMPORT_STEPS, type ImportProgress, type ImportReport } from '../modules/records/records.writer';
import { requireScope } from '../modules/jurisdiction/jurisdiction.scope';

export const EXCHANGE_USAGE = `  import FILE [--dry-run] [--reason TEXT]
                             import a shudi-catalogue/1 document (.json) 导入清单文件
  import FILE.xlsx|FILE.csv --catalogue CODE [--owner CODE --kind local|duty --name NAME --guiding CODE
         --valid-from DATE --effective-from DATE --as-of DATE --sheet NAME] [--dry-run] [--reason TEXT]
                             import one LOCAL catalogue, or a township duty list (DUTY; --kind duty for a
                             new one), from a table (--sheet: the workbook's sheet holding the list; default
                             the first visible one) 从 Excel/CSV 导入一份实施清单或履职事项清单
  export SCOPE [--out FILE]  export a scope (000000: the nation) as a document 导出清单 (JSON)
  export --catalogue CODE --format xlsx|csv [--encoding utf8|gb18030] [--as-of DATE] [--out FILE]
                             export one catalogue as a table 导出为 Excel/CSV`;

/** A bar over the import's steps on a terminal; one line per step otherwise (logs, CI). */
function progressBar(label: string): { update: ImportProgress; stop: () => void } {
  if (!process.stderr.isTTY) {
    return { update: (step) => process.stderr.write(`${label}: ${step}\n`), stop: () => {} };
  }
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {step} | {duration_formatted}`,
    stream: process.stderr,
    hideCursor: true,
  });
  bar.start(IMPORT_STEPS.length, 0, { step: 'starting' });
  return { update: (step, done) => bar.update(done, { step }), stop: () => bar.stop() };
}

const TABLE_OPTIONS = {
  'dry-run': { type: 'boolean' },
  reason: { type: 'string' },
  catalogue: { type: 'string' },
  owner: { type: 'string' },
  kind: { type: 'string' },
  name: { type: 'string' },
  guiding: { type: 'string' },
  'valid-from': { type: 'string' },
  'effective-from': { type: 'string' },
  'as-of': { type: 'string' },
  format: { type: 'string' },
  sheet: { type: 'string' },
  encoding: { type: 'string' },
  out: { type: 'string' },
} as const;

const parse = (args: string[]) => parseArgs({ args, options: TABLE_OPTIONS, allowPositionals: true });

/** `import FILE …`: JSON documents and tables alike; exit 2 when the file has problems (nothing written). */
export async function importCommand(db: Db, args: string[]): Promise<number> {
  const { values: o, positionals } = parse(args);
  const file = positionals[0];
  if (!file) throw new Error('import: give a file 请给出文件 (npm run cli -- import FILE.json|FILE.xlsx|FILE.csv)');
  const bytes = fs.readFileSync(file);
  const table = /\.(xlsx|xls|et|csv|txt)$/i.test(file);
  if (table && !o.catalogue) throw new Error('import: a table needs --catalogue CODE 表格导入须给出 --catalogue 清单编码');
  const kind = o.kind?.toUpperCase() ?? null;
  if (kind !== null && kind !== 'LOCAL' && kind !== 'DUTY')
    throw new Error(`import: --kind "${o.kind}" is not local or duty 清单类型应为 local 或 duty`);
  await loadTree(db);
  const bar = progressBar(`import ${path.basename(file)}`);
  const t = Date.now();
  // The CLI writes with the database's own authority (no token); the change feed names the OS user.
  const actor = `cli:${os.userInfo().username}`;
  let report: ImportReport;
  try {
    report = table
      ? await importTable(db, bytes, {
          catalogue: o.catalogue!,
          owner: o.owner,
          kind,
          name: o.name,
          guiding: o.guiding,
          validFrom: o['valid-from'],
          effectiveFrom: o['effective-from'],
          asOf: o['as-of'],
          sheet: o.sheet,
          dryRun: o['dry-run'],
          reason: o.reason,
          actor,
          onProgress: bar.update,
        })
      : await importDocument(db, JSON.parse(bytes.toString('utf8')), {
          dryRun: o['dry-run'],
          reason: o.reason,
          actor,
          onProgress: bar.update,
        });
  } finally {
    bar.stop();
  }
  process.stderr.write(`done 完成 in ${Date.now() - t} ms\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report.problems.length > 0 ? 2 : 0;
}

/** `export SCOPE` (JSON) or `export --catalogue CODE --format xlsx|csv` (a table). */
export async function exportCommand(db: Db, args: string[]): Promise<number> {
  const { values: o, positionals } = parse(args);
  const t = Date.now();
  if (o.catalogue) {
    const format = (o.format ?? 'xlsx').toUpperCase();
    const encoding = (o.encoding ?? 'utf8').toUpperCase().replace('-', '');
    if (format !== 'XLSX' && format !== 'CSV') throw new Error(`export: --format "${o.format}" is not xlsx or csv`);
    if (encoding !== 'UTF8' && encoding !== 'GB18030')
      throw new Error(`export: --encoding "${o.encoding}" is not utf8 or gb18030`);
    const file = await exportTable(db, o.catalogue, { format, asOf: o['as-of'], encoding: encoding as CsvEncoding });
    const out = o.out ?? file.filename;
    fs.writeFileSync(out, file.bytes);
    process.stderr.write(`done 完成: ${file.rows} rows in ${Date.now() - t} ms → ${out}\n`);
    return 0;
  }
  const scopeArg = positionals[0];
  if (!scopeArg) throw new Error('export: give a scope or --catalogue 请给出辖区代码或清单编码 (npm run cli -- export 370685)');
  const doc = await exportDocument(db, await requireScope(db, scopeArg));
  const text = `${JSON.stringify(doc, null, 1)}\n`;
  if (o.out) fs.writeFileSync(o.out, text);
  else process.stdout.write(text);
  const n = ['bodies', 'items', 'catalogues', 'assignments'].reduce((s, k) => s + (doc[k] as unknown[]).length, 0);
  process.stderr.write(`done 完成: ${n} records in ${Date.now() - t} ms${o.out ? ` → ${o.out}` : ''}\n`);
  return 0;
}
