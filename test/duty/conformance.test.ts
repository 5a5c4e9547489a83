import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { exportConformance } from '../../src/modules/duty/conformance.export';
import type { Db } from '../../src/db/database';
import { importDocument } from '../../src/modules/exchange/import.service';
import { conformance, conformanceSummary } from '../../src/modules/duty/conformance.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * SPEC §9 conformance (三级四同) against a small model written from the SPEC: generated guiding catalogues
 * (省 → 市 → 县 chains) and derived lists with deviations of name, category and basis, entry windows, and
 * random dates; every finding of every catalogue and the scope summary must equal the model's.
 */
jest.setTimeout(120_000);

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

interface Win {
  validFrom: string | null;
  validTo: string | null;
}
interface ItemM {
  code: string;
  name: string;
  category: string;
  basis: string[];
}
interface EntryM extends Win {
  item: string;
  name: string | null;
  category: string | null;
  basis: string[] | null;
}
interface ListM {
  code: string;
  owner: string;
  kind: 'GUIDING' | 'LOCAL';
  guiding: string | null;
  entries: EntryM[];
}

const DATES = ['2020-01-01', '2022-01-01', '2024-01-01'];
const AS_OF = ['2019-06-01', '2021-06-01', '2023-06-01', '2025-06-01'];
const inForce = (w: Win, d: string) => (w.validFrom === null || w.validFrom <= d) && (w.validTo === null || d < w.validTo);
const NAMES = ['甲', '乙'];
const CATS = ['TERRITORIAL', 'PENALTY'];
const CITES = ['《法》第一条', '《法》第二条', '《条例》第三条'];

/** The model: SPEC §9, nothing else. */
function findings(lists: ListM[], items: ItemM[], code: string, d: string): string[] {
  const c = lists.find((l) => l.code === code)!;
  if (!c.guiding) return [];
  const g = lists.find((l) => l.code === c.guiding)!;
  const view = (l: ListM) =>
    new Map(
      l.entries
        .filter((e) => inForce(e, d))
        .map((e) => {
          const i = items.find((x) => x.code === e.item)!;
          return [
            e.item,
            { name: e.name ?? i.name, category: e.category ?? i.category, basis: [...new Set(e.basis ?? i.basis)].sort() },
          ];
        }),
    );
  const cv = view(c);
  const gv = view(g);
  const out: string[] = [];
  for (const item of new Set([...cv.keys(), ...gv.keys()])) {
    const a = cv.get(item);
    const b = gv.get(item);
    if (!a) out.push(`${item}:MISSING`);
    else if (!b) out.push(`${item}:EXTRA`);
    else {
      if (a.name !== b.name) out.push(`${item}:RENAMED`);
      if (a.category !== b.category) out.push(`${item}:RECATEGORISED`);
      if (a.basis.join('|') !== b.basis.join('|')) out.push(`${item}:REBASED`);
    }
  }
  return out.sort();
}

const winArb = fc
  .tuple(fc.option(fc.constantFrom(...DATES), { freq: 3 }), fc.option(fc.constantFrom(...DATES), { freq: 3 }))
  .filter(([a, b]) => !(a && b && a >= b))
  .map(([validFrom, validTo]) => ({ validFrom, validTo }));
const entryArb = fc.record({
  item: fc.nat(5),
  name: fc.option(fc.constantFrom(...NAMES), { freq: 3 }),
  category: fc.option(fc.constantFrom(...CATS), { freq: 3 }),
  basis: fc.option(fc.uniqueArray(fc.constantFrom(...CITES), { maxLength: 2 }), { freq: 3 }),
  win: winArb,
});
const caseArb = fc.record({
  items: fc.array(
    fc.record({
      name: fc.constantFrom(...NAMES),
      category: fc.constantFrom(...CATS),
      basis: fc.uniqueArray(fc.constantFrom(...CITES), { maxLength: 2 }),
    }),
    { minLength: 6, maxLength: 6 },
  ),
  province: fc.array(entryArb, { maxLength: 6 }),
  city: fc.array(entryArb, { maxLength: 6 }),
  county: fc.array(entryArb, { maxLength: 6 }),
  other: fc.array(entryArb, { maxLength: 6 }),
  asOf: fc.constantFrom(...AS_OF),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;
function build(c: Case) {
  const items: ItemM[] = c.items.map((x, i) => ({ code: `CF${i}`, ...x }));
  const entries = (es: Case['county']): EntryM[] => {
    const seen = new Set<number>();
    return es
      .filter((e) => !seen.has(e.item) && seen.add(e.item))
      .map((e) => ({ item: `CF${e.item}`, name: e.name, category: e.category, basis: e.basis, ...e.win }));
  };
  const lists: ListM[] = [
    { code: 'CF-SD', owner: '370000', kind: 'GUIDING', guiding: null, entries: entries(c.province) },
    { code: 'CF-YT', owner: '370600', kind: 'LOCAL', guiding: 'CF-SD', entries: entries(c.city) },
    { code: 'CF-ZY', owner: '370685', kind: 'LOCAL', guiding: 'CF-SD', entries: entries(c.county) },
    { code: 'CF-LY', owner: '370682', kind: 'LOCAL', guiding: 'CF-SD', entries: entries(c.other) },
  ];
  return { items, lists };
}

function toDocument(items: ItemM[], lists: ListM[]) {
  const opt = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
  return {
    format: 'shudi-catalogue/1',
    items: items.map((i) => ({ code: i.code, name: i.name, domain: '测试', category: i.category, basis: i.basis })),
    catalogues: lists.map((l) =>
      opt({
        code: l.code,
        name: `清单${l.code}`,
        owner: l.owner,
        kind: l.kind,
        guiding: l.guiding,
        entries: l.entries.map((e) => opt({ ...e })),
      }),
    ),
  };
}

const ROLLBACK = new Error('rollback');
async function withDocument(doc: unknown, fn: (tx: Db) => Promise<void>) {
  try {
    await t.db.transaction(async (tx) => {
      const r = await importDocument(tx, doc);
      if (r.problems.length) throw new Error(JSON.stringify(r.problems));
      await fn(tx);
      throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
}

describe('SPEC §9 conformance ≡ model (generated cases)', () => {
  it('findings per catalogue and the scope summaries agree with the model', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { items, lists } = build(c);
        await withDocument(toDocument(items, lists), async (tx) => {
          for (const l of lists) {
            const r = await conformance(tx, l.code, c.asOf);
            const got = r.findings.map((f) => `${f.item}:${f.kind}`).sort();
            expect(got).toEqual(findings(lists, items, l.code, c.asOf));
            expect(r.total).toBe(got.length);
            cases++;
          }
          const s = await conformanceSummary(tx, '370000', c.asOf);
          const want = lists
            .filter((l) => l.guiding)
            .map((l) => ({ catalogue: l.code, total: findings(lists, items, l.code, c.asOf).length }))
            .sort((a, b) => b.total - a.total || (a.catalogue < b.catalogue ? -1 : 1));
          expect(s.catalogues.map((x) => ({ catalogue: x.catalogue, total: x.total }))).toEqual(want);
          const yt = await conformanceSummary(tx, '370685', c.asOf);
          expect(yt.catalogues.map((x) => x.catalogue)).toEqual(['CF-ZY']);
        });
      }),
      { numRuns: 60 },
    );
    expect(cases).toBeGreaterThanOrEqual(240);
  });

  it('a deviation basis [] is the empty set; an absent one is the item basis', async () => {
    const items: ItemM[] = [{ code: 'CB0', name: '甲', category: 'TERRITORIAL', basis: ['《法》第一条'] }];
    const lists: ListM[] = [
      {
        code: 'CB-G',
        owner: '370000',
        kind: 'GUIDING',
        guiding: null,
        entries: [{ item: 'CB0', name: null, category: null, basis: null, validFrom: null, validTo: null }],
      },
      {
        code: 'CB-L',
        owner: '370685',
        kind: 'LOCAL',
        guiding: 'CB-G',
        entries: [{ item: 'CB0', name: null, category: null, basis: [], validFrom: null, validTo: null }],
      },
    ];
    await withDocument(toDocument(items, lists), async (tx) => {
      const r = await conformance(tx, 'CB-L', '2025-01-01');
      expect(r.findings).toEqual([{ item: 'CB0', kind: 'REBASED', value: '', guidingValue: '《法》第一条' }]);
    });
  });
});

describe('the Excel export of a county’s findings', () => {
  it('lists each catalogue with its counts and each finding on its own row', async () => {
    const items: ItemM[] = [
      { code: 'CX0', name: '甲', category: 'TERRITORIAL', basis: [] },
      { code: 'CX1', name: '乙', category: 'TERRITORIAL', basis: [] },
    ];
    const open = { validFrom: null, validTo: null, name: null, category: null, basis: null };
    const lists: ListM[] = [
      {
        code: 'CX-G',
        owner: '370000',
        kind: 'GUIDING',
        guiding: null,
        entries: [
          { item: 'CX0', ...open },
          { item: 'CX1', ...open },
        ],
      },
      { code: 'CX-L', owner: '370685', kind: 'LOCAL', guiding: 'CX-G', entries: [{ item: 'CX0', ...open, name: '丙' }] },
    ];
    await withDocument(toDocument(items, lists), async (tx) => {
      const file = await exportConformance(tx, '370685', '2025-01-01');
      expect(file.filename).toBe('370685-三级四同比对-2025-01-01.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.bytes as never);
      const rows = (name: string) =>
        (wb.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
      expect(rows('汇总')).toEqual([
        ['清单编码', '清单名称', '指导目录', '缺项', '增项', '名称不同', '类型不同', '依据不同', '合计'],
        ['CX-L', '清单CX-L', 'CX-G', 1, 0, 1, 0, 0, 2],
        ['合计', '', '', 1, 0, 1, 0, 0, 2],
      ]);
      expect(rows('明细')).toEqual([
        ['清单编码', '事项编码', '事项名称', '比对结果', '本清单', '指导目录'],
        ['CX-L', 'CX0', '甲', '名称不同', '丙', '甲'],
        ['CX-L', 'CX1', '乙', '缺项', '', ''],
      ]);
    });
  });
});
