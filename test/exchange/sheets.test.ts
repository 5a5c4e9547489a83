import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importTable, type TableImportOptions } from '../../src/modules/exchange/table/table.import';
import { runCli } from '../helpers/cli';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demo, graphqlClient } from '../helpers/graphql';
import { importClean } from '../helpers/setup';

/**
 * Sheets as counties really make them (issue 12): two-row headers under merged group titles, codes typed as
 * numbers or as text with leading zeros, dates as Excel serial numbers, the list on another than the first
 * sheet (--sheet, GraphQL `sheet`), 领域 written only on heading rows with 序号 restarting under each. Each
 * sheet is built the way a clerk builds it; a row that fits no layout is a problem naming it.
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  const doc = demo();
  doc.catalogues = [];
  doc.assignments = [];
  await importClean(t.db, doc);
});
afterAll(() => t.close());

let n = 0;
const opts = (o: Partial<TableImportOptions> = {}): TableImportOptions => ({
  catalogue: `370685-SHEET-${++n}`,
  owner: '370685',
  name: '真实表格',
  ...o,
});

const xlsx = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

async function assignmentsOf(catalogue: string) {
  return t.db.query<{
    item: string;
    body: string | null;
    relative: string | null;
    role: string;
    duty: string | null;
    note: string | null;
  }>(
    `select item_code as item, body_code as body, relative, role, duty, note from assignment
      where catalogue_code = $1 order by item_code, role, body_code nulls first`,
    [catalogue],
  );
}

describe('sheets as counties make them', () => {
  it('reads a two-row header: 责任单位 merged over 主体责任单位 | 配合责任单位, 责任事项 over 主体责任 | 配合责任', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['招远市“属地管理”事项主体责任和配合责任清单']);
    ws.mergeCells(1, 1, 1, 9);
    ws.addRow(['序号', '领域', '事项编码', '事项名称', '责任单位', '', '责任事项', '', '依据']);
    ws.addRow(['', '', '', '', '主体责任单位', '配合责任单位', '主体责任', '配合责任', '']);
    for (const c of [1, 2, 3, 4, 9]) ws.mergeCells(2, c, 3, c); // single columns merged down both header rows
    ws.mergeCells(2, 5, 2, 6);
    ws.mergeCells(2, 7, 2, 8);
    ws.addRow([
      1,
      '生态环境',
      'ZY-TER-001',
      '秸秆禁烧',
      '烟台市生态环境局招远分局',
      '乡镇（街道）',
      '负责依法查处',
      '负责日常巡查',
      '',
    ]);
    ws.addRow([
      2,
      '应急管理',
      'ZY-TER-004',
      '安全生产监督检查',
      '招远市应急管理局',
      '各镇街',
      '负责行业监管',
      '负责隐患排查',
      '',
    ]);
    const o = opts();
    const r = await importTable(t.db, await xlsx(wb), o);
    expect(r.problems).toEqual([]);
    expect(await assignmentsOf(o.catalogue)).toEqual([
      { item: 'ZY-TER-001', body: '370685-STHJ', relative: null, role: 'PRIMARY', duty: '负责依法查处', note: null },
      { item: 'ZY-TER-001', body: null, relative: 'TOWNSHIP_GOVERNMENT', role: 'SUPPORTING', duty: '负责日常巡查', note: null },
      { item: 'ZY-TER-004', body: '370685-YJGL', relative: null, role: 'PRIMARY', duty: '负责行业监管', note: null },
      { item: 'ZY-TER-004', body: null, relative: 'TOWNSHIP_GOVERNMENT', role: 'SUPPORTING', duty: '负责隐患排查', note: null },
    ]);
  });

  it('keeps the leading zeros of codes typed as numbers in a 0000 format or as text, and reads serial dates as days', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.addRow(['序号', '领域', '事项编码', '事项名称', '主体责任单位', '生效日期']);
    const a = ws.addRow([1, '生态环境', 12, '湿地保护巡查', '烟台市生态环境局招远分局', 45292]);
    a.getCell(3).numFmt = '0000'; // typed 0012, kept as a number: Excel shows 0012
    // a date in a built-in Chinese format (yyyy"年"m"月"d"日", numFmtId 31) reaches the reader as its serial number
    ws.addRow([2, '生态环境', '0013', '饮用水源地巡查', '烟台市生态环境局招远分局', 45383]);
    const o = opts();
    const r = await importTable(t.db, await xlsx(wb), o);
    expect(r.problems).toEqual([]);
    const items = await t.db.query<{ code: string; name: string }>(
      `select code, name from item where code in ('0012', '0013', '12', '13') order by code`,
    );
    expect(items).toEqual([
      { code: '0012', name: '湿地保护巡查' },
      { code: '0013', name: '饮用水源地巡查' },
    ]);
    expect((await assignmentsOf(o.catalogue)).map((x) => x.note)).toEqual(['生效日期：2024-01-01', '生效日期：2024-04-01']);
  });

  it('reads the sheet named by `sheet` (GraphQL) or --sheet (CLI); a name not in the workbook is a problem listing the sheets', async () => {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('填表说明'); // the first visible sheet is the instructions, as in many published files
    notes.addRow(['请按以下格式填写']);
    const ws = wb.addWorksheet('附件2 清单');
    ws.addRow(['序号', '领域', '事项编码', '事项名称', '主体责任单位']);
    ws.addRow([1, '综合执法', 'ZY-TER-007', '违法建设治理', '招远市综合行政执法局']);
    const bytes = await xlsx(wb);
    const first = await importTable(t.db, bytes, opts({ dryRun: true }));
    expect(first.problems.map((p) => p.path)).toEqual(['header']);
    const missing = await importTable(t.db, bytes, opts({ dryRun: true, sheet: '清单' }));
    expect(missing.problems).toEqual([
      { path: 'sheet', message: expect.stringContaining('the workbook has no sheet "清单"; it has "填表说明"、"附件2 清单"') },
    ]);

    const gql = await graphqlClient(t.db);
    try {
      const named = await gql.ok(
        `mutation($f: String!, $s: String) {
           importCatalogueTable(base64: $f, catalogue: { code: "370685-SHEET-GQL", owner: "370685", name: "附件2" }, sheet: $s) {
             created problems { path message } } }`,
        { f: bytes.toString('base64'), s: '附件2 清单' },
      );
      expect(named.importCatalogueTable.problems).toEqual([]);
      expect(await assignmentsOf('370685-SHEET-GQL')).toEqual([
        { item: 'ZY-TER-007', body: '370685-ZHZF', relative: null, role: 'PRIMARY', duty: null, note: null },
      ]);
    } finally {
      await gql.stop();
    }

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shudi-sheets-'));
    try {
      const file = path.join(dir, '清单.xlsx');
      fs.writeFileSync(file, bytes);
      const args = ['import', file, '--catalogue', '370685-SHEET-CLI', '--owner', '370685', '--name', '附件2', '--dry-run'];
      const cli = await runCli([...args, '--sheet', '附件2 清单'], { DATABASE_URL: t.url });
      expect(cli.code).toBe(0);
      expect(JSON.parse(cli.stdout).problems).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes 领域 from heading rows (一、生态环境) with 序号 restarting under each; an unreadable row is a problem naming it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.addRow(['序号', '事项名称', '主体责任单位', '配合责任单位', '依据']);
    const heading = (text: string) => {
      const r = ws.addRow([text]);
      ws.mergeCells(r.number, 1, r.number, 5);
    };
    heading('一、生态环境');
    ws.addRow([1, '河湖垃圾清理', '招远市水务局', '乡镇(街道)', '']);
    ws.addRow([2, '餐饮油烟巡查', '烟台市生态环境局招远分局', '乡镇(街道)', '']);
    heading('二、应急管理');
    ws.addRow([1, '小微企业安全巡查', '招远市应急管理局', '乡镇(街道)', '']);
    ws.addRow([2]); // a template's numbered empty line
    ws.addRow(['说明：本清单自发布之日起施行']);
    const o = opts();
    const r = await importTable(t.db, await xlsx(wb), o);
    expect(r.problems).toEqual([]);
    const items = await t.db.query<{ name: string; domain: string }>(
      `select i.name, i.domain from catalogue_entry e join item i on i.code = e.item_code where e.catalogue_code = $1 order by i.name`,
      [o.catalogue],
    );
    expect(items).toEqual([
      { name: '小微企业安全巡查', domain: '应急管理' },
      { name: '河湖垃圾清理', domain: '生态环境' },
      { name: '餐饮油烟巡查', domain: '生态环境' },
    ]);

    ws.addRow(['', '', '', '', '《中华人民共和国安全生产法》']); // a basis with no item: not a row the layout can read
    const bad = await importTable(t.db, await xlsx(wb), opts({ dryRun: true }));
    expect(bad.problems).toEqual([
      {
        path: 'row 9',
        message: expect.stringContaining('expected an item row (事项名称, 主体责任单位) or a heading row such as "一、生态环境"'),
      },
    ]);
  });
});
