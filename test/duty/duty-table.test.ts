import ExcelJS from 'exceljs';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli';
import { importDocument } from '../../src/modules/exchange/import.service';
import { exportTable } from '../../src/modules/exchange/table/table.export';
import { importTable, type TableImportOptions } from '../../src/modules/exchange/table/table.import';
import { partOf } from '../../src/modules/exchange/table/duty.layout';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demo } from '../helpers/graphql';
import { startServer, type TestServer } from '../helpers/http';

/**
 * Township duty lists as tables (SPEC §8, INTERCHANGE.md): parts as heading rows or a 部分/类别 column,
 * 牵头部门 / 承接部门 by name within the owner's jurisdiction or above; import → export → import changes
 * nothing; an unknown name is a problem on its cell and nothing is written.
 */
const DUTY_DEMO = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/data/demo-zhaoyuan-duty.json'), 'utf8'));
const COMMON = '370685-DUTY-2025';
const OWN = '370685101-DUTY-2026';
const opts = (over: Partial<TableImportOptions> = {}): TableImportOptions => ({
  catalogue: OWN,
  owner: '370685101',
  kind: 'DUTY',
  name: '辛庄镇履行职责事项清单',
  validFrom: '2026-01-01',
  asOf: '2026-03-01',
  actor: 'test',
  ...over,
});

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  expect((await importDocument(t.db, demo())).problems).toEqual([]);
  expect((await importDocument(t.db, DUTY_DEMO)).problems).toEqual([]);
});
afterAll(async () => {
  await t.close();
});

/** Everything the import could touch, to prove a failed one wrote nothing. */
const state = async () =>
  t.db.query(`select (select count(*)::int from change) changes, (select count(*)::int from catalogue_entry) entries,
                     (select count(*)::int from item) items, (select count(*)::int from catalogue) catalogues`);

const entries = (code: string) =>
  t.db.query<{ item: string; part: string; lead: string | null; takenBy: string | null; duty: string | null }>(
    `select item_code item, part, lead_code lead, taken_by_code "takenBy", duty from catalogue_entry
      where catalogue_code = $1 order by item_code`,
    [code],
  );

const csv = (rows: string[][]) =>
  Buffer.from(rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n'));

/** A township's own list as its clerk types it: parts as heading rows, one sub-heading, items by name. */
const HEADED = [
  ['辛庄镇履行职责事项清单'],
  ['序号', '事项名称', '事项编码', '事项类别', '牵头部门/承接部门', '履职内容', '依据', '备注'],
  ['一、基本履职事项（2项）'],
  ['1', '动物疫情防控', '', '', '', '负责辖区内动物疫情排查和报告', '', ''],
  ['（一）民政'],
  ['2', '高龄津贴发放初审', '', '行政给付', '', '负责申请受理与初审', '《山东省老年人权益保障条例》', '每年复核'],
  ['二、配合履职事项'],
  ['1', '秸秆禁烧', 'ZY-TER-001', '', '烟台市生态环境局招远分局', '负责日常巡查', '', ''],
  ['三、上级部门收回事项'],
  ['1', '食品安全监管', '', '', '招远市市场监督管理局', '', '', ''],
];

describe('importing a duty-list table', () => {
  it('reads parts from heading rows, bodies by name, a new item from its sub-heading; a second import changes nothing', async () => {
    const r = await importTable(t.db, csv(HEADED), opts());
    expect(r.problems).toEqual([]);
    expect(r.created).toBe(6); // the catalogue, one new item, four entries
    const got = await entries(OWN);
    const newItem = got.find((e) => e.part === 'BASIC' && e.item !== 'ZY-TER-014')!;
    expect(got).toEqual(
      expect.arrayContaining([
        { item: 'ZY-TER-014', part: 'BASIC', lead: null, takenBy: null, duty: '负责辖区内动物疫情排查和报告' },
        { item: 'ZY-TER-001', part: 'COOPERATING', lead: '370685-STHJ', takenBy: null, duty: '负责日常巡查' },
        { item: 'ZY-TER-012', part: 'RECLAIMED', lead: null, takenBy: '370685-SCJG', duty: null },
      ]),
    );
    // the remark has nowhere else to go: it is kept as a line of the duty text
    expect(newItem.duty).toBe('负责申请受理与初审\n备注：每年复核');
    const [item] = await t.db.query<{ domain: string; category: string; basis: string[] }>(
      `select domain, category, basis from item where code = $1`,
      [newItem.item],
    );
    expect(item).toEqual({ domain: '民政', category: 'BENEFIT', basis: ['《山东省老年人权益保障条例》'] });
    const again = await importTable(t.db, csv(HEADED), opts());
    expect(again).toMatchObject({ created: 0, updated: 0, problems: [] });
  });

  it('import → export → import changes nothing, in .xlsx and in CSV', async () => {
    for (const format of ['XLSX', 'CSV'] as const) {
      const file = await exportTable(t.db, OWN, { format, asOf: '2026-03-01' });
      expect(file.rows).toBe(4);
      const before = await state();
      const r = await importTable(t.db, file.bytes, opts({ format }));
      expect(r).toMatchObject({ created: 0, updated: 0, problems: [] });
      expect(await state()).toEqual(before);
    }
  });

  it('exports the layout: a heading row per part, numbered items under it, bodies by name', async () => {
    const file = await exportTable(t.db, COMMON, { format: 'XLSX', asOf: '2025-06-01' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[1]).toEqual([
      '序号',
      '事项名称',
      '事项编码',
      '领域',
      '事项类别',
      '牵头部门/承接部门',
      '履职内容',
      '依据',
      '不适用地区',
    ]);
    const headings = rows.filter((r) => /^[一二三]、/.test(r[0])).map((r) => r[0]);
    expect(headings).toEqual(['一、基本履职事项', '二、配合履职事项', '三、上级部门收回事项']);
    const straw = rows.find((r) => r[2] === 'ZY-TER-001')!;
    expect(straw[0]).toMatch(/^\d+$/);
    expect(straw.slice(1, 7)).toEqual([
      '秸秆禁烧',
      'ZY-TER-001',
      '生态环境',
      '属地管理事项',
      '烟台市生态环境局招远分局',
      '负责辖区内秸秆禁烧日常巡查，发现问题及时报告',
    ]);
    expect(rows.find((r) => r[2] === 'ZY-TER-012')![5]).toBe('招远市市场监督管理局');
    // and the county's common list reads back unchanged
    const r = await importTable(t.db, file.bytes, { catalogue: COMMON, asOf: '2025-06-01', actor: 'test' });
    expect(r).toMatchObject({ created: 0, updated: 0, problems: [] });
  });

  it('takes the part from a 部分 or 类别 column instead of headings', async () => {
    for (const header of ['部分', '类别']) {
      const rows = [
        ['序号', '事项名称', header, '牵头部门', '承接部门', '履职内容'],
        ['1', '动物疫情防控', '基本', '', '', '负责辖区内动物疫情排查和报告'],
        ['2', '秸秆禁烧', '配合履职事项', '烟台市生态环境局招远分局', '', '负责日常巡查'],
        ['3', '食品安全监管', '收回', '', '招远市市场监督管理局', ''],
      ];
      const r = await importTable(t.db, csv(rows), opts({ dryRun: true }));
      expect(r.problems).toEqual([]);
      // the same three entries as stored: nothing to change (the fourth, not in this sheet, stays)
      expect(r).toMatchObject({ created: 0, updated: 0 });
    }
  });

  it('reports a 牵头部门 that is not a body of the county on its cell, and writes nothing', async () => {
    const rows = HEADED.map((r) => [...r]);
    rows[7][4] = '招远市不存在局';
    const before = await state();
    const r = await importTable(t.db, csv(rows), opts());
    expect(r.problems).toEqual([
      {
        path: 'row 8, 牵头部门/承接部门',
        message: expect.stringMatching(/"招远市不存在局" 不是 370685101 或其上级的责任主体.*allowed: the name or code/),
      },
    ]);
    expect(await state()).toEqual(before);
  });

  it('reports rows whose part, holder or category cannot be read, each on its cell', async () => {
    const rows = [
      ['序号', '事项名称', '部分', '事项类别', '牵头部门', '承接部门'],
      ['1', '动物疫情防控', '其他', '', '', ''],
      ['2', '秸秆禁烧', '配合', '', '', ''],
      ['3', '食品安全监管', '基本', '', '', '招远市市场监督管理局'],
      ['4', '森林防火', '收回', '', '', '乡镇(街道)'],
      ['5', '防汛抗旱', '基本', '收回', '', ''],
      ['6', '秸秆禁烧', '基本', '', '', ''],
    ];
    const before = await state();
    const r = await importTable(t.db, csv(rows), opts());
    expect(r.problems.map((p) => p.path)).toEqual([
      'row 2, 部分',
      'row 3, 牵头部门',
      'row 4, 承接部门',
      'row 5, 承接部门',
      'row 6, 事项类别',
      'row 7, 事项名称',
    ]);
    expect(r.problems[0].message).toMatch(/"其他" 不是履职事项清单的部分.*allowed: 基本/);
    expect(await state()).toEqual(before);
  });

  it('refuses a duty table for a LOCAL list and a row without a part', async () => {
    const r = await importTable(t.db, csv(HEADED), opts({ catalogue: '370685-TER-2020', owner: null }));
    expect(r.problems[0]).toMatchObject({ path: 'catalogue.kind' });
    const noPart = await importTable(
      t.db,
      csv([
        ['事项名称', '履职内容'],
        ['动物疫情防控', 'x'],
      ]),
      opts(),
    );
    expect(noPart.problems).toEqual([{ path: 'row 2, 部分', message: expect.stringContaining('no part') }]);
  });

  it('names parts the ways clerks write them', () => {
    expect(['基本', '基本履职事项', 'BASIC', '乡镇基本履职事项（117项）'].map(partOf)).toEqual(Array(4).fill('BASIC'));
    expect(['配合', '配合履职事项', 'cooperating'].map(partOf)).toEqual(Array(3).fill('COOPERATING'));
    expect(['收回', '上级部门收回事项', 'RECLAIMED'].map(partOf)).toEqual(Array(3).fill('RECLAIMED'));
    expect(['生态环境', '行政许可', ''].map(partOf)).toEqual([null, null, null]);
  });
});

describe('the HTTP routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(t.db);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('downloads a duty list and uploads it back with nothing to change; ?kind=DUTY starts a new list', async () => {
    const res = await fetch(`${server.base}/catalogues/${COMMON}/table.csv?asOf=2025-06-01`, {
      headers: { authorization: server.admin },
    });
    expect(res.status).toBe(200);
    const text = Buffer.from(await res.arrayBuffer());
    expect(text.toString('utf8')).toContain('一、基本履职事项');
    const upload = async (code: string, query: string) => {
      const form = new FormData();
      form.append('file', new Blob([text]), 'list.csv');
      const r = await fetch(`${server.base}/catalogues/${code}/table?${query}`, {
        method: 'POST',
        headers: { authorization: server.admin },
        body: form,
      });
      return (await r.json()) as any;
    };
    expect(await upload(COMMON, 'asOf=2025-06-01')).toMatchObject({ created: 0, updated: 0, problems: [] });
    const fresh = await upload(
      '370685102-DUTY-2027',
      'dryRun=true&kind=DUTY&owner=370685102&name=大秦家街道履职事项清单&asOf=2027-01-01',
    );
    expect(fresh.problems).toEqual([]);
    expect(fresh.created).toBeGreaterThan(10);
    const bad = await fetch(`${server.base}/catalogues/X/table?kind=GUIDING`, {
      method: 'POST',
      headers: { authorization: server.admin },
      body: new FormData(),
    });
    expect(bad.status).toBe(400);
  });
});

describe('the CLI (the README example)', () => {
  it('exports the common list, dry-runs it back, and starts a township’s own list from a CSV with --kind duty', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shudi-duty-'));
    const env = { DATABASE_URL: t.url };
    const out = path.join(dir, '招远市履职事项通用清单.xlsx');
    const exported = await runCli(
      ['export', '--catalogue', COMMON, '--format', 'xlsx', '--as-of', '2025-06-01', '--out', out],
      env,
    );
    expect(exported.code).toBe(0);
    const back = await runCli(['import', out, '--catalogue', COMMON, '--as-of', '2025-06-01', '--dry-run'], env);
    expect(JSON.parse(back.stdout)).toMatchObject({ dryRun: true, created: 0, updated: 0, problems: [] });
    const own = path.join(dir, '梦芝街道履职事项清单.csv');
    fs.writeFileSync(own, csv(HEADED));
    const args = ['import', own, '--catalogue', '370685103-DUTY-2026', '--kind', 'duty', '--owner', '370685103'];
    const fresh = await runCli([...args, '--name', '梦芝街道履行职责事项清单', '--valid-from', '2026-01-01', '--dry-run'], env);
    expect(fresh.code).toBe(0);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ dryRun: true, created: 6, problems: [] });
    const badKind = await runCli([...args, '--kind', 'guiding'], env);
    expect(badKind.stderr).toContain('--kind');
  });
});

describe('round trip of random duty lists', () => {
  // items of their own, so the random list and the county's common list (same owner) never list one item twice
  const ITEMS = Array.from({ length: 22 }, (_, i) => `RND-${String(i + 1).padStart(2, '0')}`);
  const BODIES = ['370685-STHJ', '370685-YJGL', '370685-ZRZY', '370685-SCJG', '370685-SW', '370685-WJ', '370685-SCJG-WQ'];
  const TOWNSHIPS = ['370685001', '370685002', '370685004', '370685101'];
  /** Text as clerks type it: commas, quotes, line breaks, full-width punctuation. */
  const text = fc.stringMatching(/^[负责辖区内巡查，、"“”\n,;；（）()a-z0-9 ]{1,30}$/).filter((s) => s.trim() !== '');
  /** A citation: one line, no ；/; (the 依据 cell separates citations by those). */
  const citation = fc.stringMatching(/^[《》法条例第一二三，、()a-z0-9 ]{1,20}$/).filter((s) => s.trim() !== '');
  const entry = fc.record({
    part: fc.constantFrom('BASIC', 'COOPERATING', 'RECLAIMED'),
    body: fc.constantFrom(...BODIES),
    duty: fc.option(text, { nil: undefined }),
    name: fc.option(text, { nil: undefined }),
    category: fc.option(fc.constantFrom('PENALTY', 'INSPECTION', 'PUBLIC_SERVICE'), { nil: undefined }),
    basis: fc.option(fc.array(citation, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    notApplicableIn: fc.option(fc.subarray(TOWNSHIPS, { minLength: 1 }), { nil: undefined }),
  });
  const list = fc.uniqueArray(fc.tuple(fc.constantFrom(...ITEMS), entry), { minLength: 1, maxLength: 12, selector: (x) => x[0] });

  it('import → export → import changes nothing, in .xlsx and CSV', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(list, fc.constantFrom('XLSX', 'CSV' as const), async (entries, format) => {
        const code = `370685-DUTY-P${++n}`;
        const doc = {
          format: 'shudi-catalogue/1',
          items: ITEMS.map((code, i) => ({
            code,
            name: `随机事项${i + 1}`,
            domain: '测试',
            category: 'TERRITORIAL',
            basis: ['《测试法》'],
          })),
          catalogues: [
            {
              code,
              name: `随机清单${n}`,
              owner: '370685',
              kind: 'DUTY',
              validFrom: '2030-01-01',
              entries: entries.map(([item, e]) => ({
                item,
                part: e.part,
                ...(e.part === 'COOPERATING' ? { lead: e.body } : e.part === 'RECLAIMED' ? { takenBy: e.body } : {}),
                ...(e.duty ? { duty: e.duty.trim() } : {}),
                ...(e.name ? { name: e.name.trim() } : {}),
                ...(e.category ? { category: e.category } : {}),
                ...(e.basis ? { basis: e.basis.map((b) => b.trim()) } : {}),
                ...(e.notApplicableIn ? { notApplicableIn: e.notApplicableIn } : {}),
              })),
            },
          ],
        };
        try {
          const r = await importDocument(t.db, doc);
          expect(r.problems).toEqual([]);
          const file = await exportTable(t.db, code, { format: format as 'XLSX' | 'CSV', asOf: '2030-06-01' });
          const before = await state();
          const back = await importTable(t.db, file.bytes, { catalogue: code, asOf: '2030-06-01', actor: 'test' });
          expect(back).toMatchObject({ created: 0, updated: 0, problems: [] });
          expect(await state()).toEqual(before);
        } finally {
          // one random list at a time: the owner's lists list an item once
          await t.db.query(`delete from catalogue where code = $1`, [code]);
        }
      }),
      { numRuns: 25, seed: 20261206 },
    );
  });
});
