import ExcelJS from 'exceljs';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import * as iconv from 'iconv-lite';
import { exportDocument } from '../../src/modules/exchange/export.service';
import { importDocument } from '../../src/modules/exchange/import.service';
import { exportTable } from '../../src/modules/exchange/table/table.export';
import { importTable, type TableImportOptions } from '../../src/modules/exchange/table/table.import';
import { isTownshipRelative, readPerHolder, writePerHolder } from '../../src/modules/exchange/table/table.layout';
import { decodeText } from '../../src/modules/exchange/table/table.read';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demo, graphqlClient } from '../helpers/graphql';
import { startServer } from '../helpers/http';

const CATALOGUE = '370685-TER-2020';
type Doc = ReturnType<typeof demo>;
type Assignment = Doc['assignments'][number];

/** What the table layout cannot say (SUPERVISING, township scopes, ended holders): loaded from JSON beforehand. */
const notInTable = (a: Assignment) => a.role === 'SUPERVISING' || a.scope !== '370685' || !!a.validTo;

/** The demo list without what a table of it would carry: bodies, items and the catalogue stay. */
function demoWithoutList(): Doc {
  const doc = demo();
  doc.catalogues[0].entries = [];
  doc.assignments = doc.assignments.filter(notInTable);
  return doc;
}

/**
 * The demo list as a county clerk types it: a title row and a note row above the header, 领域 merged
 * down consecutive rows, one item (ZY-TER-012) over two rows with its name merged, bodies by name, the
 * township government written three different ways, places by name, categories in Chinese.
 */
async function clerkWorkbook(townshipNames: Map<string, string>, edit?: (rows: string[][]) => void): Promise<Buffer> {
  const doc = demo();
  const bodyName = new Map(doc.bodies.map((b: { code: string; name: string }) => [b.code, b.name]));
  const township = ['乡镇（街道）', '各镇街', '属地乡镇(街道)'];
  const holderName = (a: Assignment, i: number) => (a.body ? bodyName.get(a.body)! : township[i % 3]);
  const entries = [...doc.catalogues[0].entries].sort((x, y) => {
    const dx = doc.items.find((i: { code: string }) => i.code === x.item).domain;
    const dy = doc.items.find((i: { code: string }) => i.code === y.item).domain;
    return dx === dy ? x.item.localeCompare(y.item) : dx.localeCompare(dy);
  });
  const rows: string[][] = [];
  const mergeDown: [number, number, number][] = []; // [column, first row index, last row index]
  entries.forEach((e: { item: string; notApplicableIn?: string[] }, i: number) => {
    const item = doc.items.find((x: { code: string }) => x.code === e.item);
    const own = doc.assignments.filter((a: Assignment) => a.item === e.item && !notInTable(a));
    const primary = own.filter((a: Assignment) => a.role === 'PRIMARY');
    const stationed = own.filter((a: Assignment) => a.role === 'SUPPORTING' && a.note);
    const support = own.filter((a: Assignment) => a.role === 'SUPPORTING' && !a.note);
    const itemCells = [String(i + 1), item.domain, item.code, item.name, '属地管理事项'];
    const tail = [(item.basis ?? []).join('\n'), (e.notApplicableIn ?? []).map((c) => townshipNames.get(c)!).join('、')];
    rows.push([
      ...itemCells,
      primary.map((a: Assignment) => holderName(a, i)).join('、'),
      primary[0]?.duty ?? '',
      support.map((a: Assignment) => holderName(a, i)).join('、'),
      support[0]?.duty ?? '',
      ...tail,
      '',
    ]);
    if (stationed.length > 0) {
      const r = rows.length;
      rows.push([...itemCells, '', '', bodyName.get(stationed[0].body)!, stationed[0].duty, ...tail, stationed[0].note]);
      for (const c of [0, 1, 2, 3, 4, 9, 10]) mergeDown.push([c, r - 1, r]);
    }
  });
  edit?.(rows);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('附件1');
  ws.addRow(['招远市市镇(街道)“属地管理”事项主体责任和配合责任清单']);
  ws.mergeCells(1, 1, 1, 12);
  ws.addRow(['（2020年6月1日起施行）']);
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
  const first = 4;
  rows.forEach((r) => ws.addRow(r));
  // 领域 merged down runs of the same domain (only the first cell keeps the value, as in Excel)
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i === rows.length || rows[i][1] !== rows[start][1]) {
      if (i - start > 1 && !mergeDown.some(([c, a]) => c === 1 && a >= start && a < i)) mergeDown.push([1, start, i - 1]);
      start = i;
    }
  }
  for (const [c, a, b] of mergeDown) {
    for (let r = a + 1; r <= b; r++) ws.getCell(first + r, c + 1).value = null;
    ws.mergeCells(first + a, c + 1, first + b, c + 1);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let full: TestDatabase;
let fromTable: TestDatabase;
let spare: TestDatabase;
let townshipNames: Map<string, string>;
beforeAll(async () => {
  [full, fromTable, spare] = await Promise.all([openTestDatabase(), openTestDatabase(), openTestDatabase()]);
  expect((await importDocument(full.db, demo())).problems).toEqual([]);
  expect((await importDocument(fromTable.db, demoWithoutList())).problems).toEqual([]);
  expect((await importDocument(spare.db, demoWithoutList())).problems).toEqual([]);
  const rows = await full.db.query<{ code: string; name: string }>(
    `select code, name from jurisdiction where parent_code = '370685'`,
  );
  townshipNames = new Map(rows.map((r) => [r.code, r.name]));
});
afterAll(() => Promise.all([full.close(), fromTable.close(), spare.close()]));

const opts = (o: Partial<TableImportOptions> = {}): TableImportOptions => ({ catalogue: CATALOGUE, ...o });

async function state(t: TestDatabase) {
  const [counts] = await t.db.query<Record<string, number>>(`
    select (select count(*)::int from item) items, (select count(*)::int from catalogue) catalogues,
           (select count(*)::int from catalogue_entry) entries, (select count(*)::int from assignment) assignments,
           (select count(*)::int from body) bodies, (select count(*)::int from change) changes,
           (select coalesce(sum(row_version), 0)::int from assignment) versions`);
  return counts;
}

describe('a clerk’s .xlsx of the demo list', () => {
  it('imports with the same result as the JSON (title rows, merged cells, names)', async () => {
    const file = await clerkWorkbook(townshipNames);
    const dry = await importTable(fromTable.db, file, opts({ dryRun: true }));
    expect(dry.problems).toEqual([]);
    const report = await importTable(fromTable.db, file, opts({ reason: '2020 年清单' }));
    expect(report.problems).toEqual([]);
    expect([report.created, report.updated]).toEqual([dry.created, dry.updated]);
    expect(report.counts.find((c) => c.entity === 'entry')!.created).toBe(22);
    expect(await exportDocument(fromTable.db, '370685')).toEqual(await exportDocument(full.db, '370685'));
    // idempotent
    const again = await importTable(fromTable.db, file, opts());
    expect([again.created, again.updated]).toEqual([0, 0]);
  });

  it('reports an unknown body on exactly its cell and writes nothing', async () => {
    let at = 0;
    const file = await clerkWorkbook(townshipNames, (rows) => {
      at = rows.findIndex((r) => r[5] === '招远市自然资源和规划局');
      rows[at][5] = '招远市林业局';
    });
    const before = await state(spare);
    const report = await importTable(spare.db, file, opts());
    expect(report.problems).toEqual([
      { path: `row ${at + 4}, 主体责任单位`, message: expect.stringContaining('"招远市林业局" is not a body of 370685') },
    ]);
    expect([report.created, report.updated]).toEqual([0, 0]);
    expect(await state(spare)).toEqual(before);
  });
});

describe('export → import', () => {
  it.each([
    ['XLSX', undefined],
    ['CSV', 'UTF8'],
    ['CSV', 'GB18030'],
  ] as const)('%s (%s) changes nothing', async (format, encoding) => {
    const file = await exportTable(full.db, CATALOGUE, { format, encoding });
    expect(file.rows).toBe(22);
    const before = await state(full);
    const report = await importTable(full.db, file.bytes, opts({ format }));
    expect(report.problems).toEqual([]);
    expect([report.created, report.updated]).toEqual([0, 0]);
    expect(await state(full)).toEqual(before);
  });

  it('writes a styled, frozen header below the title, and per-holder duties and remarks', async () => {
    const file = await exportTable(full.db, CATALOGUE, { format: 'XLSX', asOf: '2024-01-01' });
    expect(file.filename).toBe(`${CATALOGUE}-2024-01-01.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.getCell('A1').value).toContain('招远市');
    expect(ws.getCell('F2').value).toBe('主体责任单位');
    expect(ws.getCell('F2').font?.bold).toBe(true);
    const row = ws.getRows(3, ws.rowCount - 2)!.find((r) => r.getCell(3).value === 'ZY-TER-012')!;
    expect(row.getCell(8).value).toBe('乡镇(街道)、招远市市场监督管理局温泉市场监督管理所');
    expect(row.getCell(9).value).toBe(
      '乡镇(街道)：负责辖区内食品安全隐患排查和信息报告\n招远市市场监督管理局温泉市场监督管理所：负责所辖街道食品经营者日常检查',
    );
    expect(row.getCell(12).value).toBe('招远市市场监督管理局温泉市场监督管理所：派驻机构');
  });
});

describe('CSV lists', () => {
  const header = '序号,领域,事项名称,事项类别,主体责任单位,主体责任,配合责任单位,配合责任,依据,不适用地区,备注,联系人';
  const csv = [
    header,
    '1,城乡建设,沿街晾晒整治,属地管理事项,招远市综合行政执法局,负责查处,乡镇（街道）,负责日常巡查,"《城市市容和环境卫生管理条例》\n《山东省城市建设管理条例》",,,张三',
    '2,城乡建设,"  沿街晾晒整治 ",属地管理事项,,,,,,,,',
    '3,应急管理,小型游乐设施巡查,行政检查,招远市市场监督管理局、招远市应急管理局,负责监管,各镇街,负责排查,,罗峰街道,,',
    '',
  ].join('\r\n');

  it('reads UTF-8 (with and without BOM) and GB18030 alike, and keeps extra columns as remarks', async () => {
    expect(decodeText(iconv.encode('属地管理', 'gb18030'))).toBe('属地管理');
    const reports = [];
    for (const bytes of [
      Buffer.from(csv, 'utf8'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]),
      iconv.encode(csv, 'gb18030'),
    ]) {
      reports.push(
        await importTable(spare.db, bytes, opts({ catalogue: '370685-CSV', owner: '370685', name: 'CSV 清单', dryRun: true })),
      );
    }
    expect(reports[0].problems).toEqual([]);
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[2]).toEqual(reports[0]);
    // catalogue + 2 items + 2 entries + 3 + 2 assignments (row 2 is the same item as row 1, trimmed)
    expect(reports[0].created).toBe(10);
  });

  it('creates a new list with stable item codes: importing again changes nothing', async () => {
    const o = opts({ catalogue: '370685-CSV', owner: '370685', name: 'CSV 清单', validFrom: '2025-01-01' });
    const first = await importTable(spare.db, Buffer.from(csv), o);
    expect(first.problems).toEqual([]);
    const again = await importTable(spare.db, Buffer.from(csv), o);
    expect([again.created, again.updated]).toEqual([0, 0]);
    const [row] = await spare.db.query<{ note: string; n: number; places: string[] }>(
      `select a.note, (select count(*)::int from assignment x where x.catalogue_code = '370685-CSV') n,
              (select not_applicable_in from catalogue_entry e join item i on i.code = e.item_code
                where e.catalogue_code = '370685-CSV' and i.name = '小型游乐设施巡查') places
         from assignment a join item i on i.code = a.item_code
        where a.catalogue_code = '370685-CSV' and i.name = '沿街晾晒整治' and a.role = 'PRIMARY'`,
    );
    expect(row).toEqual({ note: '联系人：张三', n: 5, places: ['370685001'] });
  });

  it.each([
    ['an unknown category', (c: string) => c.replace('行政检查', '行政检察'), 'row 4, 事项类别', '"行政检察" is not a category'],
    [
      'an unknown place',
      (c: string) => c.replace('罗峰街道', '罗峰镇'),
      'row 4, 不适用地区',
      '"罗峰镇" is not a place under 370685',
    ],
    [
      'two rows of one item that disagree',
      (c: string) => c.replace('2,城乡建设', '2,生态环境'),
      'row 3, 领域',
      'differs from row 2 for the same item',
    ],
    ['no header row', (c: string) => c.replace('主体责任单位', '单位'), 'header', 'no header row'],
  ])('reports %s and writes nothing', async (_what, edit, path, message) => {
    const before = await state(spare);
    const r = await importTable(spare.db, Buffer.from(edit(csv)), opts({ catalogue: '370685-CSV2', owner: '370685', name: 'x' }));
    expect(r.problems).toEqual([{ path, message: expect.stringContaining(message) }]);
    expect(await state(spare)).toEqual(before);
  });

  it('asks for an owner for a new list, and refuses a guiding catalogue', async () => {
    const r = await importTable(spare.db, Buffer.from(csv), opts({ catalogue: '370685-NEW' }));
    expect(r.problems.map((p) => p.path)).toEqual(['catalogue.name', 'catalogue.owner']); // a CSV has no title row to name it
    await importDocument(spare.db, {
      format: 'shudi-catalogue/1',
      catalogues: [{ code: 'G', name: 'g', owner: '370000', kind: 'GUIDING' }],
    });
    const g = await importTable(spare.db, Buffer.from(csv), opts({ catalogue: 'G' }));
    expect(g.problems[0].message).toContain('GUIDING');
  });
});

describe('cells', () => {
  it.each(['乡镇(街道)', '乡镇（街道）', '各镇街', '属地乡镇(街道)', '镇(街道)', '乡镇人民政府(街道办事处)', '各乡镇', '街道'])(
    '%s is the township government',
    (s) => expect(isTownshipRelative(s)).toBe(true),
  );
  it.each(['温泉街道办事处', '招远市应急管理局', '乡镇林业站'])('%s is not', (s) => expect(isTownshipRelative(s)).toBe(false));

  it('per-holder texts round-trip', () => {
    const values = [
      { holder: 'A局', text: '甲' },
      { holder: '乡镇(街道)', text: null },
      { holder: 'B所', text: '乙：丙' },
    ];
    const cell = writePerHolder(values);
    expect(Object.fromEntries(readPerHolder(cell, ['A局', '乡镇(街道)', 'B所']))).toEqual({
      A局: '甲',
      '乡镇(街道)': null,
      B所: '乙：丙',
    });
    expect(Object.fromEntries(readPerHolder('一：二', ['A局', 'B所']))).toEqual({ A局: '一：二', B所: '一：二' });
  });
});

describe('GraphQL', () => {
  it('exports as base64 and imports it back, changing nothing', async () => {
    const gql = await graphqlClient(full.db);
    const d = await gql.ok(`{ exportCatalogueTable(code: "${CATALOGUE}", format: CSV) { filename mediaType rows base64 } }`);
    expect(d.exportCatalogueTable).toMatchObject({ rows: 22, mediaType: 'text/csv; charset=utf-8' });
    const r = await gql.ok(
      `mutation($f: String!) { importCatalogueTable(base64: $f, catalogue: { code: "${CATALOGUE}" }) { created updated problems { path } } }`,
      { f: d.exportCatalogueTable.base64 },
    );
    expect(r.importCatalogueTable).toEqual({ created: 0, updated: 0, problems: [] });
  });

  it('rejects what is not base64, and an unknown catalogue on export', async () => {
    const gql = await graphqlClient(full.db);
    const bad = await gql.run(`mutation { importCatalogueTable(base64: "%%%", catalogue: { code: "X" }) { created } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await gql.run(`{ exportCatalogueTable(code: "NOPE") { rows } }`);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('download', () => {
  it('serves the table as a file, with the same rules for reading', async () => {
    const s = await startServer(full.db);
    try {
      const res = await fetch(`${s.base}/catalogues/${CATALOGUE}/table.csv?encoding=gb18030&asOf=2024-01-01`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=gb18030');
      expect(res.headers.get('content-disposition')).toContain(`${CATALOGUE}-2024-01-01.csv`);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(decodeText(bytes)).toContain('主体责任单位');
      const xlsx = await fetch(`${s.base}/catalogues/${CATALOGUE}/table.xlsx`);
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
      expect((await fetch(`${s.base}/catalogues/NOPE/table.xlsx`)).status).toBe(404);
      expect((await fetch(`${s.base}/catalogues/${CATALOGUE}/table.pdf`)).status).toBe(404);
      const bad = await fetch(`${s.base}/catalogues/${CATALOGUE}/table.csv?asOf=2024-13-01`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as any).error.message).toContain('"2024-13-01"');
      const forged = await fetch(`${s.base}/catalogues/${CATALOGUE}/table.csv`, { headers: { authorization: 'Bearer x.y.z' } });
      expect(forged.status).toBe(401);
    } finally {
      await s.stop();
    }
  });
});

describe('what clerks’ sheets do (review cases)', () => {
  it('matches rows without 事项编码 by name and never rewrites the shared item', async () => {
    const file = await clerkWorkbook(townshipNames, (rows) => rows.forEach((r) => (r[2] = '')));
    const before = await state(full);
    const report = await importTable(full.db, file, opts());
    expect(report.problems).toEqual([]);
    expect([report.created, report.updated]).toEqual([0, 0]);
    expect(await state(full)).toEqual(before);
    const [item] = await full.db.query<{ v: number }>(`select row_version v from item where code = 'ZY-TER-001'`);
    expect(item.v).toBe(1);
  });

  it('ends a holder the sheet no longer names, from asOf, and starts the new one then', async () => {
    const file = await clerkWorkbook(townshipNames, (rows) => {
      const r = rows.find((x) => x[2] === 'ZY-TER-001')!;
      r[5] = '招远市应急管理局';
    });
    const report = await importTable(fromTable.db, file, opts({ asOf: '2026-01-01' }));
    expect(report.problems).toEqual([]);
    expect([report.created, report.updated]).toEqual([1, 1]);
    const rows = await fromTable.db.query<{ body: string; from: string; to: string | null }>(
      `select body_code body, valid_from "from", valid_to "to" from assignment
        where item_code = 'ZY-TER-001' and role = 'PRIMARY' order by valid_from`,
    );
    expect(rows).toEqual([
      { body: '370685-STHJ', from: '2020-06-01', to: '2026-01-01' },
      { body: '370685-YJGL', from: '2026-01-01', to: null },
    ]);
  });

  it('reads header variants, and keeps stored duties when the sheet has no duty column', async () => {
    const exported = decodeText((await exportTable(full.db, CATALOGUE, { format: 'CSV' })).bytes).split('\r\n');
    const header = exported[0].replace('主体责任单位', '主体责任单位（部门）').replace(',主体责任,', ',*县级部门主体责任,');
    const renamed = await importTable(full.db, Buffer.from([header, ...exported.slice(1)].join('\r\n')), opts({ dryRun: true }));
    expect([renamed.problems, renamed.created, renamed.updated]).toEqual([[], 0, 0]);
    const cols = exported.map((l) => l.split(','));
    const without = cols.map((c) => [...c.slice(0, 6), ...c.slice(7)].join(',')).join('\r\n'); // no 主体责任 column
    const kept = await importTable(full.db, Buffer.from(without), opts({ dryRun: true }));
    expect([kept.problems, kept.created, kept.updated]).toEqual([[], 0, 0]);
  });

  it('takes the first visible sheet, skips hidden rows and merged note rows, refuses .xls', async () => {
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('字典');
    hidden.state = 'hidden';
    hidden.addRow(['not', 'this']);
    const ws = wb.addWorksheet('清单');
    ws.addRow(['序号', '领域', '事项名称', '主体责任单位', '配合责任单位']);
    ws.addRow(['一、生态环境']);
    ws.addRow([1, '生态环境', '河湖清障', '招远市水务局', '各镇街']);
    const h = ws.addRow([2, '生态环境', '不该导入', '招远市林业局', '']);
    h.hidden = true;
    ws.addRow(['说明：本清单自发布之日起施行']);
    ws.mergeCells(5, 1, 5, 5);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await importTable(spare.db, bytes, opts({ catalogue: '370685-VIS', owner: '370685', name: '可见', dryRun: true }));
    expect(r.problems).toEqual([]);
    expect(r.counts.find((c) => c.entity === 'assignment')!.created).toBe(2);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const old = await importTable(spare.db, xls, opts({ catalogue: '370685-VIS', owner: '370685', name: 'x' }));
    expect(old.problems).toEqual([{ path: 'file', message: expect.stringContaining('save it as .xlsx') }]);
  });

  it('refuses an anonymous caller before reading the file', async () => {
    await expect(
      importTable(spare.db, Buffer.from('not parsed'), opts({ principal: { subject: null, role: null, scope: null } as never })),
    ).rejects.toMatchObject({ code: 'ACCESS_UNAUTHENTICATED' });
  });
});

describe('the CLI', () => {
  it('exports a table and imports it back through `npm run cli`, with progress on stderr', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shudi-table-'));
    const env = { DATABASE_URL: full.url };
    const out = path.join(dir, 'zy.xlsx');
    const exported = await runCli(['export', '--catalogue', CATALOGUE, '--format', 'xlsx', '--out', out], env);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('22 rows');
    const imported = await runCli(['import', out, '--catalogue', CATALOGUE, '--reason', 'CLI 回导'], env);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 0, updated: 0, problems: [] });
    expect(imported.stderr).toMatch(/checking[\s\S]*done/);
    const bad = await runCli(['export', '--catalogue', CATALOGUE, '--format', 'pdf'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"pdf"');
    const noCatalogue = await runCli(['import', out], env);
    expect(noCatalogue.stderr).toContain('--catalogue');
  });
});

describe('malformed files', () => {
  it('any bytes give a report with problems, never an exception, and write nothing', async () => {
    const before = await state(spare);
    const valid = (await exportTable(full.db, CATALOGUE, { format: 'XLSX' })).bytes;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2048 }),
          // a real workbook, truncated or with bytes flipped
          fc.nat({ max: valid.length - 1 }).map((n) => valid.subarray(0, n)),
          fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
            const b = Buffer.from(valid);
            b[i] ^= x;
            return b;
          }),
          fc.string({ maxLength: 400 }).map((s) => Buffer.from(`序号,事项名称,主体责任单位\n${s}`)),
        ),
        async (bytes) => {
          const r = await importTable(
            spare.db,
            bytes,
            opts({ catalogue: '370685-FUZZ', owner: '370685', name: 'fuzz', dryRun: true }),
          );
          expect(r.dryRun).toBe(true);
        },
      ),
      { numRuns: 120, seed: 20261123 },
    );
    expect(await state(spare)).toEqual(before);
  });
});
