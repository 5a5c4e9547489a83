/**
 * `npm run bench:table [-- --rows 10000]`: import and export rates of a county's table (INTERCHANGE.md
 * table layout) with N rows, on its own embedded database (.data/bench-db-table). Builds the sheet with
 * exceljs as a clerk's would look (title row, bodies by name, 乡镇(街道) support), then times: first import,
 * unchanged re-import, .xlsx and CSV export, and importing the exported CSV back.
 */
import 'reflect-metadata';
import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/config';
import { openDatabase } from '../../src/db/bootstrap';
import { importDocument } from '../../src/modules/exchange/import.service';
import { exportTable } from '../../src/modules/exchange/table/table.export';
import { importTable } from '../../src/modules/exchange/table/table.import';
import { loadTree } from '../../src/modules/jurisdiction/tree.loader';

const args = process.argv.slice(2);
const rowCount = Number(args.includes('--rows') ? args[args.indexOf('--rows') + 1] : 10_000);
const OWNER = '370685';
const CATALOGUE = `${OWNER}-BENCH-TABLE`;
const DEPARTMENTS = [
  '生态环境分局',
  '应急管理局',
  '综合行政执法局',
  '自然资源和规划局',
  '市场监督管理局',
  '农业农村局',
  '水务局',
  '住房和城乡建设局',
  '交通运输局',
  '卫生健康局',
  '教育和体育局',
  '公安局',
  '民政局',
  '人力资源和社会保障局',
  '文化和旅游局',
  '商务局',
  '林业局',
  '统计局',
  '退役军人事务局',
  '医疗保障局',
  '行政审批服务局',
  '城市管理局',
  '信访局',
  '司法局',
  '财政局',
];
const DOMAINS = [
  '生态环境',
  '应急管理',
  '综合执法',
  '自然资源',
  '市场监管',
  '农业农村',
  '水利',
  '城乡建设',
  '交通运输',
  '卫生健康',
  '教育',
  '公共安全',
  '民政',
  '人社',
  '文化旅游',
];

async function clerkSheet(townships: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('清单');
  ws.addRow(['招远市“属地管理”事项主体责任和配合责任清单（性能测试）']);
  ws.mergeCells(1, 1, 1, 12);
  ws.addRow([
    '序号',
    '领域',
    '事项编码',
    '事项名称',
    '事项类别',
    '主体责任单位',
    '主体责任',
    '配合责任单位',
    '配合责任',
    '依据',
    '不适用地区',
    '备注',
  ]);
  for (let i = 0; i < rowCount; i++) {
    const d = (k: number) => `招远市${DEPARTMENTS[(i * 7 + k) % DEPARTMENTS.length]}`;
    ws.addRow([
      i + 1,
      DOMAINS[i % DOMAINS.length],
      `BT-${String(i + 1).padStart(5, '0')}`,
      `${DOMAINS[i % DOMAINS.length]}事项${i + 1}`,
      i % 10 === 0 ? '行政检查' : '属地管理事项',
      i % 9 === 0 ? `${d(0)}、${d(3)}` : d(0),
      '负责行业监管和依法查处',
      '乡镇(街道)',
      '负责辖区内日常巡查，发现问题及时报告',
      `《某条例》第${(i % 60) + 1}条`,
      i % 20 === 0 ? townships[i % townships.length] : '',
      '',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function main() {
  const dataDir = path.join(projectRoot(), '.data', 'bench-db-table');
  const database = await openDatabase({ databaseUrl: null, dataDir });
  const { db } = database;
  const figures: Record<string, string> = {};
  const say = (k: string, v: string) => {
    figures[k] = v;
    process.stderr.write(`  ${k}: ${v}\n`);
  };
  try {
    await loadTree(db);
    // start from nothing each run, so the first import really creates every row
    await db.query(`delete from assignment where catalogue_code = $1`, [CATALOGUE]);
    await db.query(`delete from catalogue where code = $1`, [CATALOGUE]);
    await db.query(
      `delete from item where code like 'BT-%' and not exists (select 1 from assignment a where a.item_code = item.code)`,
    );
    const bodies = DEPARTMENTS.map((n, i) => ({
      code: `${OWNER}-BT${i}`,
      name: `招远市${n}`,
      jurisdiction: OWNER,
      kind: 'DEPARTMENT',
    }));
    const pre = await importDocument(db, { format: 'shudi-catalogue/1', bodies });
    if (pre.problems.length) throw new Error(JSON.stringify(pre.problems.slice(0, 3)));
    const townships = (
      await db.query<{ name: string }>(`select name from jurisdiction where parent_code = $1 order by code`, [OWNER])
    ).map((r) => r.name);
    const sheet = await clerkSheet(townships);
    process.stderr.write(`shudi table bench — ${rowCount} rows, .xlsx ${(sheet.length / 1e6).toFixed(1)} MB\n`);
    const opts = { catalogue: CATALOGUE, owner: OWNER, validFrom: '2025-01-01' };
    const rate = (ms: number) => `${ms} ms (${Math.round((rowCount / ms) * 1000)} rows/s)`;

    let t = Date.now();
    const first = await importTable(db, sheet, opts);
    if (first.problems.length) throw new Error(JSON.stringify(first.problems.slice(0, 3)));
    say('import .xlsx, first time', `${rate(Date.now() - t)}; ${first.created} records created`);
    t = Date.now();
    const again = await importTable(db, sheet, opts);
    say('import .xlsx again, unchanged', `${rate(Date.now() - t)}; created ${again.created}, updated ${again.updated}`);
    t = Date.now();
    const xlsx = await exportTable(db, CATALOGUE, { format: 'XLSX' });
    say('export .xlsx', `${rate(Date.now() - t)}; ${(xlsx.bytes.length / 1e6).toFixed(1)} MB`);
    t = Date.now();
    const csv = await exportTable(db, CATALOGUE, { format: 'CSV' });
    say('export .csv', `${rate(Date.now() - t)}; ${(csv.bytes.length / 1e6).toFixed(1)} MB`);
    t = Date.now();
    const back = await importTable(db, csv.bytes, opts);
    say('import the exported .csv (unchanged)', `${rate(Date.now() - t)}; created ${back.created}, updated ${back.updated}`);
    t = Date.now();
    const backXlsx = await importTable(db, xlsx.bytes, { ...opts, dryRun: true });
    say(
      'dry-run import of the exported .xlsx',
      `${rate(Date.now() - t)}; created ${backXlsx.created}, updated ${backXlsx.updated}`,
    );
    const out = path.join(projectRoot(), '.data', 'bench', 'results-table.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), rows: rowCount, figures }, null, 2));
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
