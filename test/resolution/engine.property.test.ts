import 'reflect-metadata';
import fc from 'fast-check';
import type { Db } from '../../src/db/database';
import { importDocument } from '../../src/modules/exchange/import.service';
import { freshScope, refreshOwnQueue } from '../../src/modules/analysis/flag-store.service';
import { STORE_COVERAGE_SQL, STORE_WORKLOAD_SQL } from '../../src/modules/analysis/flag-store.sql';
import { WORKLOAD_SQL } from '../../src/modules/analysis/analysis.sql';
import { LIVE_COVERAGE_SQL } from './live-analysis';
import { responsibleChain } from '../../src/modules/resolution/chain.service';
import { responsibilityFlags } from '../../src/modules/analysis/flags.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import {
  addTo,
  atOrUnder,
  FLAG_ORDER,
  GOV_NAMES,
  jur,
  leavesUnder,
  loadTree,
  Model,
  strictlyUnder,
  TREE,
  type AssignmentM,
  type BodyM,
  type CatalogueM,
  type DataSet,
  type EntryM,
  type Role,
  type Window,
} from './model';
import type { DutyPart, EmpowermentM } from './duty.model';

/**
 * Property-based cross-check of the resolution engine (one SQL CTE) against a plain in-memory model of
 * SPEC.md §3–6 written here from the SPEC alone, and of §8 (duty lists, empowerment: duty.model.ts). Random small data sets on real subtrees — 招远市 370685
 * (county → city 370600 → province 370000) and 东莞 441900 (townships directly under the CITY) — are
 * imported in a transaction that is rolled back; for random dates every flag of the scope (kind, item, leaf,
 * bodies) and a sample of responsible chains (levels, holders per level, primary, flags) must equal the model's.
 *
 * Readings of the SPEC the model takes (each one checked against the engine by a mutated model):
 * - a holder whose body is not valid at d follows the successor chain to its first body valid at d, whether the
 *   body has ended or not yet begun; with none it is inactive and keeps its named body (Holder.body is null only
 *   for an unresolved template), whose level and jurisdiction then count for UNLISTED_TOWNSHIP_DUTY,
 *   ROLE_CONFLICT and OUT_OF_JURISDICTION ("a holder" / "one body, after holder resolution");
 * - the relative TOWNSHIP_GOVERNMENT names the leaf's GOVERNMENT body, which resolves like any other body;
 * - a STATIONED body counts at its parent's level, recursively when the parent is itself STATIONED;
 * - "distinct active PRIMARY holders" are distinct bodies (one body named twice is one holder).
 *
 * Knobs: SHUDI_PBT_RUNS_ZY / SHUDI_PBT_RUNS_DG (data sets), SHUDI_PBT_SEED, SHUDI_PBT_SHRINK_MS, SHUDI_PBT_NO_SHRINK=1.
 */

jest.setTimeout(240_000);

const RUNS_ZHAOYUAN = Number(process.env.SHUDI_PBT_RUNS_ZY ?? 100);
const RUNS_DONGGUAN = Number(process.env.SHUDI_PBT_RUNS_DG ?? 35);
/** Write sequences per region for the maintained flag store. */
const RUNS_WRITES = Number(process.env.SHUDI_PBT_RUNS_WRITES ?? 12);
/** After the first failure, shrinking goes on for this long (ms), then the smallest counterexample so far is reported. */
const SHRINK_BUDGET_MS = Number(process.env.SHUDI_PBT_SHRINK_MS ?? 30_000);
const NO_SHRINK = process.env.SHUDI_PBT_NO_SHRINK === '1';
const SEED = process.env.SHUDI_PBT_SEED ? Number(process.env.SHUDI_PBT_SEED) : undefined;

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await loadTree(t.db);
  for (const r of [ZHAOYUAN, DONGGUAN]) {
    for (const c of [r.scope, r.province, r.city, ...r.pool, ...r.foreignHomes, ...r.catalogueOwners]) {
      if (!TREE.has(c)) throw new Error(`fixture: ${c} is not in the loaded tree`);
    }
  }
  expect(leavesUnder('370685')).toHaveLength(14);
  expect(leavesUnder('441900')).toHaveLength(36);
});
afterAll(() => t.close());

/** How often the model met the situations worth testing (printed at the end, to show the generator reaches them). */
const coverage = new Map<string, number>();

// ---------------------------------------------------------------------------------------------------
// Regions and arbitraries

interface Region {
  name: string;
  scope: string; // the analysis scope: the county, or the city without counties
  province: string;
  city: string;
  county: string | null;
  /** A few townships of the scope that data may name (carve-outs, scopes, serves, explicit holders). */
  pool: string[];
  foreignHomes: string[];
  catalogueOwners: string[];
  /** §8: who may own a duty list (the county or city without counties, townships of the pool). */
  dutyOwners: string[];
}

const ZHAOYUAN: Region = {
  name: '招远市',
  scope: '370685',
  province: '370000',
  city: '370600',
  county: '370685',
  pool: ['370685001', '370685002', '370685004', '370685101', '370685110'],
  foreignHomes: ['370682'],
  catalogueOwners: ['370685', '370685', '370600', '370000', '370682', '370685001'],
  dutyOwners: ['370685', '370685', '370685001', '370685004'],
};
const DONGGUAN: Region = {
  name: '东莞市',
  scope: '441900',
  province: '440000',
  city: '441900',
  county: null,
  pool: ['441900003', '441900004', '441900005', '441900101', '441900102'],
  foreignHomes: ['442000', '370685'],
  catalogueOwners: ['441900', '441900', '440000', '442000', '441900003'],
  dutyOwners: ['441900', '441900', '441900003', '441900101'],
};

const DATES = ['2019-01-01', '2020-06-01', '2021-01-01', '2022-07-01', '2024-01-01'];
const AS_OF = [
  '2018-06-01',
  '2019-01-01',
  '2020-05-31',
  '2020-06-01',
  '2020-12-31',
  '2021-01-01',
  '2022-06-30',
  '2022-07-01',
  '2023-03-15',
  '2024-01-01',
  '2025-06-01',
];
const ROLES: Role[] = ['PRIMARY', 'SUPPORTING', 'SUPERVISING'];

/** A window from the date set (either end may be open), validFrom < validTo. */
const boundedWindowArb: fc.Arbitrary<Window> = fc
  .tuple(fc.option(fc.constantFrom(...DATES), { freq: 2 }), fc.option(fc.constantFrom(...DATES), { freq: 2 }))
  .filter(([a, b]) => !(a !== null && b !== null && a >= b))
  .map(([validFrom, validTo]) => ({ validFrom, validTo }));
const OPEN: Window = { validFrom: null, validTo: null };
/** Mostly open: assignments, catalogues, entries. */
const windowArb: fc.Arbitrary<Window> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(OPEN) },
  { weight: 2, arbitrary: boundedWindowArb },
);
/** Bodies: half of them with a window (撤销, 新设) — so holders go via successor or are inactive. */
const bodyWindowArb: fc.Arbitrary<Window> = fc.oneof(fc.constant(OPEN), boundedWindowArb);

const pick = <T>(xs: T[], i: number): T => xs[i % xs.length];

function dataSetArb(region: Region): fc.Arbitrary<DataSet> {
  const homes = [region.county, region.city, region.province].filter((x): x is string => x !== null);
  const homeGovs = homes.map((h) => `${h}-GOV`);
  const poolGovs = region.pool.slice(0, 2).map((p) => `${p}-GOV`);
  const foreignGovs = region.foreignHomes.map((f) => `${f}-GOV`);
  const allPlaces = [...homes, ...region.pool];

  const deptArb = fc.record({
    foreign: fc.integer({ min: 0, max: 9 }).map((x) => x < 2),
    home: fc.nat(),
    kind: fc.constantFrom<'DEPARTMENT' | 'OTHER'>('DEPARTMENT', 'DEPARTMENT', 'OTHER'),
    win: bodyWindowArb,
    succ: fc.option(fc.nat(), { freq: 2 }),
  });
  const stationedArb = fc.record({
    atCity: fc.boolean(),
    parent: fc.nat(),
    nested: fc.boolean(), // parent: an earlier STATIONED body, when there is one
    serves: fc.uniqueArray(fc.constantFrom(...region.pool), { maxLength: 3 }),
    win: windowArb,
    succ: fc.option(fc.nat(), { freq: 4 }),
  });
  // 撤乡并镇 / 机构改革 on GOVERNMENT bodies: a government ends (or starts late), maybe naming a successor.
  const mergerArb = fc.array(
    fc.record({
      from: fc.nat(),
      county: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
      to: fc.option(fc.nat(), { freq: 3 }), // null (1 in 3): abolished without successor → inactive holder
      win: fc.oneof(
        fc.constantFrom(...DATES).map((validTo) => ({ validFrom: null, validTo })),
        fc.constantFrom(...DATES.slice(1)).map((validFrom) => ({ validFrom, validTo: null })),
      ),
    }),
    { maxLength: 2 },
  );
  const entryArb = fc.record({
    item: fc.nat(),
    na: fc.array(fc.nat(), { maxLength: 2 }),
    win: windowArb,
    category: fc.option(fc.constantFrom('PENALTY', 'TERRITORIAL', 'LICENSING', 'PUBLIC_SERVICE'), { freq: 3 }),
  });
  // §8 duty lists: entries with a part, and a lead / takenBy among the bodies
  const dutyEntryArb = fc.record({
    item: fc.nat(),
    na: fc.array(fc.nat(), { maxLength: 1 }),
    win: windowArb,
    part: fc.constantFrom<DutyPart>('BASIC', 'COOPERATING', 'RECLAIMED'),
    body: fc.nat(),
  });
  const dutyArb = fc.record({ owner: fc.nat(), win: windowArb, entries: fc.array(dutyEntryArb, { maxLength: 6 }) });
  const empowermentArb = fc.record({
    item: fc.nat(),
    scope: fc.nat(),
    mode: fc.constantFrom<EmpowermentM['mode']>('DELEGATED', 'ENTRUSTED', 'CONCENTRATED'),
    win: windowArb,
    except: fc.array(fc.nat(), { maxLength: 1 }),
  });
  const catalogueArb = fc.record({
    owner: fc.nat(),
    win: windowArb,
    entries: fc.array(entryArb, { maxLength: 7 }),
  });
  const assignmentArb = fc.record({
    item: fc.nat(),
    scope: fc.nat(),
    holder: fc.option(fc.nat(), { freq: 4, nil: null }), // null: relative TOWNSHIP_GOVERNMENT
    role: fc.constantFrom(...ROLES),
    win: windowArb,
    except: fc.array(fc.nat(), { maxLength: 2 }),
    catalogue: fc.option(fc.nat(), { freq: 2 }),
    // Tie to the previous assignment: same item (and maybe the same holder) — overlaps and role conflicts.
    link: fc.option(fc.constantFrom<'item' | 'holder' | 'conflict'>('item', 'holder', 'conflict'), { freq: 2 }),
  });

  return fc
    .record({
      depts: fc.array(deptArb, { minLength: 1, maxLength: 5 }),
      stationed: fc.array(stationedArb, { maxLength: 3 }),
      merger: mergerArb,
      itemCount: fc.integer({ min: 3, max: 6 }),
      locals: fc.array(catalogueArb, { minLength: 1, maxLength: 2 }),
      guiding: fc.option(fc.array(entryArb, { maxLength: 4 }), { freq: 3 }),
      assignments: fc.array(assignmentArb, { maxLength: 15 }),
      duties: fc.array(dutyArb, { maxLength: 3 }),
      empowerments: fc.array(empowermentArb, { maxLength: 3 }),
      categories: fc.array(fc.constantFrom('TERRITORIAL', 'TERRITORIAL', 'PENALTY', 'INSPECTION', 'BENEFIT'), {
        minLength: 6,
        maxLength: 6,
      }),
    })
    .map((g): DataSet => {
      const items = Array.from({ length: g.itemCount }, (_, i) => `IT${i}`);
      // Bodies: departments D*, then stationed S*; successors only point forward (no cycles) or to a government.
      const codes = [...g.depts.map((_, i) => `D${i}`), ...g.stationed.map((_, i) => `S${i}`)];
      const successorOf = (idx: number, succ: number | null): string | null => {
        if (succ === null) return null;
        const later = [...codes.slice(idx + 1), ...homeGovs];
        return pick(later, succ);
      };
      const bodies: BodyM[] = g.depts.map((d, i) => {
        const jurisdiction = d.foreign ? pick(region.foreignHomes, d.home) : pick(homes, d.home);
        return {
          code: codes[i],
          name: `部门${i}`,
          jurisdiction,
          kind: d.kind,
          parent: null,
          serves: [],
          successor: successorOf(i, d.succ),
          ...d.win,
        };
      });
      g.stationed.forEach((s, k) => {
        const idx = g.depts.length + k;
        const jurisdiction = s.atCity || region.county === null ? region.city : region.county;
        // Parent: a department (maybe of another level or county), a government, or an earlier STATIONED body.
        const earlierStationed = codes.slice(g.depts.length, idx);
        const parent = pick(
          s.nested && earlierStationed.length ? earlierStationed : [...codes.slice(0, g.depts.length), ...homeGovs],
          s.parent,
        );
        bodies.push({
          code: codes[idx],
          name: `派驻机构${k}`,
          jurisdiction,
          kind: 'STATIONED',
          parent,
          serves: [...s.serves].sort(),
          successor: successorOf(idx, s.succ),
          ...s.win,
        });
      });
      // Successors only point to a later pool township or up to the city (no cycles).
      for (const m of g.merger) {
        const fromIdx = m.from % region.pool.length;
        const from = m.county && region.county ? region.county : region.pool[fromIdx];
        const code = `${from}-GOV`;
        if (bodies.some((b) => b.code === code)) continue;
        const targets = from === region.county ? [region.city, region.pool[0]] : [...region.pool.slice(fromIdx + 1), region.city];
        const successor = m.to === null ? null : `${pick(targets, m.to)}-GOV`;
        bodies.push({
          code,
          name: GOV_NAMES.get(code)!,
          jurisdiction: from,
          kind: 'GOVERNMENT',
          parent: null,
          serves: [],
          successor,
          ...m.win,
        });
      }
      const entries = (es: (typeof g.locals)[number]['entries'], owner: string): EntryM[] => {
        const seen = new Set<string>();
        const out: EntryM[] = [];
        const naCandidates = allPlaces.filter((p) => TREE.has(owner) && strictlyUnder(p, owner));
        for (const e of es) {
          const item = pick(items, e.item);
          if (seen.has(item)) continue;
          seen.add(item);
          const na = naCandidates.length ? [...new Set(e.na.map((n) => pick(naCandidates, n)))].sort() : [];
          out.push({ item, notApplicableIn: na, ...e.win, category: e.category ?? null });
        }
        return out;
      };
      const catalogues: CatalogueM[] = g.locals.map((c, i) => {
        const owner = pick(region.catalogueOwners, c.owner);
        return { code: `CAT${i}`, owner, kind: 'LOCAL', entries: entries(c.entries, owner), ...c.win };
      });
      if (g.guiding) {
        catalogues.push({
          code: 'GUIDE',
          owner: region.province,
          kind: 'GUIDING',
          entries: entries(g.guiding, region.province),
          validFrom: null,
          validTo: null,
        });
      }
      // Scopes: mostly the analysis scope and its ancestors and townships; one foreign scope (its flags lie outside).
      const scopes = [
        region.county ?? region.city,
        region.county ?? region.city,
        region.city,
        region.province,
        ...region.pool.slice(0, 3),
        region.foreignHomes[0],
      ];
      const holderCodes = [...codes, ...codes, ...homeGovs, ...poolGovs, ...foreignGovs];
      const keys = new Set<string>();
      const assignments: AssignmentM[] = [];
      for (const a of g.assignments) {
        const prev = assignments.length && a.link !== null ? assignments[assignments.length - 1] : null;
        const scope = pick(scopes, a.scope);
        const body = prev && a.link !== 'item' ? prev.body : a.holder === null ? null : pick(holderCodes, a.holder);
        const item = prev ? prev.item : pick(items, a.item);
        const role: Role = prev && a.link === 'conflict' ? (prev.role === 'PRIMARY' ? 'SUPPORTING' : 'PRIMARY') : a.role;
        const key = [item, scope, body ?? '@TOWNSHIP_GOVERNMENT', role, a.win.validFrom ?? ''].join('|');
        if (keys.has(key)) continue;
        keys.add(key);
        const exceptCandidates = allPlaces.filter((p) => strictlyUnder(p, scope));
        const exceptIn = exceptCandidates.length ? [...new Set(a.except.map((x) => pick(exceptCandidates, x)))].sort() : [];
        const cats = catalogues.filter((c) => atOrUnder(scope, c.owner));
        const catalogue = a.catalogue !== null && cats.length ? pick(cats, a.catalogue).code : null;
        assignments.push({
          item,
          scope,
          body,
          relative: body === null ? 'TOWNSHIP_GOVERNMENT' : null,
          role,
          exceptIn,
          catalogue,
          ...a.win,
        });
      }
      // §8 duty lists: an item once per owner (the lists of one owner in force together form one list);
      // a lead or takenBy is a body of the owner's jurisdiction or above
      const dutyBodiesOf = (owner: string) => [
        ...bodies.filter((b) => atOrUnder(owner, b.jurisdiction)).map((b) => b.code),
        ...homeGovs,
      ];
      const listed = new Set<string>();
      g.duties.forEach((c, i) => {
        const owner = pick(region.dutyOwners, c.owner);
        const naCandidates = region.pool.filter((p) => strictlyUnder(p, owner));
        const es: EntryM[] = [];
        for (const e of c.entries) {
          const item = pick(items, e.item);
          if (listed.has(`${owner}|${item}`)) continue;
          listed.add(`${owner}|${item}`);
          const body = pick(dutyBodiesOf(owner), e.body);
          const na = naCandidates.length ? [...new Set(e.na.map((n) => pick(naCandidates, n)))].sort() : [];
          es.push({
            item,
            notApplicableIn: na,
            ...e.win,
            part: e.part,
            lead: e.part === 'COOPERATING' ? body : null,
            takenBy: e.part === 'RECLAIMED' ? body : null,
          });
        }
        catalogues.push({ code: `DUTY${i}`, owner, kind: 'DUTY', entries: es, ...c.win });
      });
      const empScopes = [region.county ?? region.city, region.city, region.province, ...region.pool.slice(0, 3)];
      const empKeys = new Set<string>();
      const empowerments: EmpowermentM[] = [];
      for (const m of g.empowerments) {
        const scope = pick(empScopes, m.scope);
        const item = pick(items, m.item);
        const key = `${item}|${scope}|${m.mode}|${m.win.validFrom ?? ''}`;
        if (empKeys.has(key)) continue;
        empKeys.add(key);
        const exceptCandidates = allPlaces.filter((p) => strictlyUnder(p, scope));
        const exceptIn = exceptCandidates.length ? [...new Set(m.except.map((x) => pick(exceptCandidates, x)))].sort() : [];
        empowerments.push({ item, scope, mode: m.mode, exceptIn, ...m.win });
      }
      const categories = Object.fromEntries(items.map((it, i) => [it, g.categories[i]]));
      return { region: region.scope, bodies, items, catalogues, assignments, categories, empowerments };
    });
}

/** The data set as a `shudi-catalogue/1` document (INTERCHANGE.md). */
function toDocument(ds: DataSet): Record<string, unknown> {
  const opt = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0)));
  return {
    format: 'shudi-catalogue/1',
    bodies: ds.bodies.map((b) =>
      opt({
        code: b.code,
        name: b.name,
        jurisdiction: b.jurisdiction,
        kind: b.kind,
        parent: b.parent,
        serves: b.serves,
        validFrom: b.validFrom,
        validTo: b.validTo,
        successor: b.successor,
      }),
    ),
    items: ds.items.map((code) => ({
      code,
      name: `事项${code}`,
      domain: '测试',
      category: ds.categories?.[code] ?? 'TERRITORIAL',
    })),
    catalogues: ds.catalogues.map((c) =>
      opt({
        code: c.code,
        name: `清单${c.code}`,
        owner: c.owner,
        kind: c.kind,
        validFrom: c.validFrom,
        validTo: c.validTo,
        entries: c.entries.map((e) =>
          opt({
            item: e.item,
            notApplicableIn: e.notApplicableIn,
            validFrom: e.validFrom,
            validTo: e.validTo,
            category: e.category ?? null,
            part: e.part ?? null,
            lead: e.lead ?? null,
            takenBy: e.takenBy ?? null,
          }),
        ),
      }),
    ),
    assignments: ds.assignments.map((a) =>
      opt({
        item: a.item,
        scope: a.scope,
        body: a.body,
        relative: a.relative,
        role: a.role,
        validFrom: a.validFrom,
        validTo: a.validTo,
        exceptIn: a.exceptIn,
        catalogue: a.catalogue,
      }),
    ),
    empowerments: (ds.empowerments ?? []).map((m) =>
      opt({
        item: m.item,
        scope: m.scope,
        mode: m.mode,
        validFrom: m.validFrom,
        validTo: m.validTo,
        exceptIn: m.exceptIn,
      }),
    ),
  };
}

// ---------------------------------------------------------------------------------------------------
// Running a data set against the engine

const ROLLBACK = new Error('rollback');

/** Imports the data set in a transaction, runs `fn` on it, and rolls everything back. */
async function withDataSet(ds: DataSet, fn: (tx: Db) => Promise<void>): Promise<void> {
  try {
    await t.db.transaction(async (tx) => {
      const report = await importDocument(tx, toDocument(ds));
      if (report.problems.length > 0) throw new Error(`generated document is invalid: ${JSON.stringify(report.problems)}`);
      await fn(tx);
      throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
}

async function engineFlags(tx: Db, scopeCode: string, asOf: string): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  let total = -1;
  for (let page = 0; page < 1000; page++) {
    const p = await responsibilityFlags(tx, { scopeCode, asOf, first: 100, after });
    for (const e of p.edges) out.push(flagKey(e.node.kind, e.node.item, e.node.jurisdiction, e.node.bodies));
    if (total >= 0 && p.totalCount !== total)
      throw new Error(`flags of ${scopeCode} on ${asOf}: totalCount changed while paging`);
    total = p.totalCount;
    if (!p.pageInfo.hasNextPage) {
      if (out.length !== total)
        throw new Error(`flags of ${scopeCode} on ${asOf}: ${out.length} edges paged through, totalCount ${total}`);
      if (new Set(out).size !== out.length) throw new Error(`flags of ${scopeCode} on ${asOf}: a flag listed twice while paging`);
      // SPEC §6: the three GAP kinds exclude each other.
      const gaps = new Map<string, number>();
      for (const k of out.filter((x) => x.startsWith('GAP_'))) {
        const pair = k.split('|').slice(1, 3).join('|');
        gaps.set(pair, (gaps.get(pair) ?? 0) + 1);
      }
      const both = [...gaps].filter(([, n]) => n > 1);
      if (both.length) throw new Error(`flags of ${scopeCode} on ${asOf}: several GAP kinds at ${both.map(([x]) => x)}`);
      return out.sort();
    }
    after = p.pageInfo.endCursor;
  }
  throw new Error('flags: paging does not end');
}

const flagKey = (kind: string, item: string, leaf: string, bodies: string[]) =>
  `${kind}|${item}|${leaf}|${[...bodies].sort().join(',')}`;

/**
 * Every flag of `scope` at d: the model's over every (item, leaf) pair against the engine's listing. Counts the
 * cases and the kinds seen into `local`; answers what only one side has.
 */
async function compareFlags(
  tx: Db,
  model: Model,
  items: string[],
  leaves: string[],
  scope: string,
  d: string,
  local: { flagCases: number; flagsSeen: Map<string, number> },
): Promise<{ missing: string[]; extra: string[] }> {
  const expected: string[] = [];
  for (const item of items) {
    for (const leaf of leaves) {
      local.flagCases++;
      const f = model.flags(item, leaf, d);
      if (f) for (const [kind, bodies] of f) expected.push(flagKey(kind, item, leaf, bodies));
    }
  }
  expected.sort();
  const actual = await engineFlags(tx, scope, d);
  for (const k of expected) addTo(local.flagsSeen, k.split('|')[0]);
  return { missing: expected.filter((x) => !actual.includes(x)), extra: actual.filter((x) => !expected.includes(x)) };
}

const stats = { dataSets: 0, flagCases: 0, chainCases: 0, flagsSeen: new Map<string, number>() };

function describeDataSet(ds: DataSet): string {
  return JSON.stringify(toDocument(ds));
}

async function checkDataSet(region: Region, ds: DataSet, dates: string[], pairs: [number, number, PairMode][]) {
  const model = new Model(ds);
  const leaves = leavesUnder(region.scope);
  const local = { flagCases: 0, chainCases: 0, flagsSeen: new Map<string, number>() };
  await withDataSet(ds, async (tx) => {
    for (const d of dates) {
      // (a) Every flag of the scope at d, against the model over every (item, leaf) pair.
      const { missing, extra } = await compareFlags(tx, model, ds.items, leaves, region.scope, d, local);
      if (missing.length || extra.length) {
        throw new Error(
          `flags of ${region.scope} on ${d} differ\n  model only:  ${JSON.stringify(missing)}\n  engine only: ${JSON.stringify(extra)}\n  data: ${describeDataSet(ds)}`,
        );
      }

      // (b) The responsible chain of a few (item, leaf) pairs.
      // Pairs that have holders (to look at), for the 'held' mode.
      const held: [string, string][] = [];
      for (const item of ds.items)
        for (const leaf of leaves) if (model.effective(item, leaf, d).length > 0) held.push([item, leaf]);
      for (const [i, l, mode] of pairs) {
        local.chainCases++;
        const [item, leaf] =
          mode === 'held' && held.length
            ? pick(held, i + l)
            : [pick(ds.items, i), mode === 'pool' ? pick(region.pool, l) : pick(leaves, l)];
        const chain = await responsibleChain(tx, item, leaf, d);
        const problems: string[] = [];
        const j = jur(leaf);
        const wantLevels = [...j.path].reverse().map((c) => `${jur(c).level}:${c}`);
        const gotLevels = chain.levels.map((x) => `${x.level}:${x.jurisdiction}`);
        if (JSON.stringify(gotLevels) !== JSON.stringify(wantLevels))
          problems.push(`levels ${JSON.stringify(gotLevels)} ≠ ${JSON.stringify(wantLevels)}`);
        const hs = model.holders(item, leaf, d);
        const hKey = (h: { role: string; body: string | null; active: boolean }) =>
          `${h.role}:${h.body}:${h.active ? 'active' : 'inactive'}`;
        const wantPrimary = hs
          .filter((h) => h.role === 'PRIMARY')
          .map(hKey)
          .sort();
        const gotPrimary = chain.primary.map(hKey).sort();
        if (JSON.stringify(gotPrimary) !== JSON.stringify(wantPrimary))
          problems.push(`primary ${JSON.stringify(gotPrimary)} ≠ ${JSON.stringify(wantPrimary)}`);
        for (const lv of chain.levels) {
          const want = hs
            .filter((h) => h.level === lv.level)
            .map(hKey)
            .sort();
          const got = lv.holders.map(hKey).sort();
          if (JSON.stringify(got) !== JSON.stringify(want))
            problems.push(`holders at ${lv.level} ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
        }
        const onChain = new Set(chain.levels.map((x) => x.level));
        const wantOther = hs
          .filter((h) => !onChain.has(h.level))
          .map(hKey)
          .sort();
        const gotOther = chain.otherHolders.map(hKey).sort();
        if (JSON.stringify(gotOther) !== JSON.stringify(wantOther))
          problems.push(`otherHolders ${JSON.stringify(gotOther)} ≠ ${JSON.stringify(wantOther)}`);
        // Every holder once (on its level or among otherHolders), with how it was resolved.
        const fullKey = (h: { role: string; body: string | null; active: boolean }, via: boolean) =>
          `${hKey(h)}:${via ? 'via' : '-'}`;
        const wantAll = hs.map((h) => fullKey(h, h.via)).sort();
        const gotAll = [...chain.levels.flatMap((x) => x.holders), ...chain.otherHolders]
          .map((h) => fullKey(h, h.resolution === 'VIA_SUCCESSOR'))
          .sort();
        if (JSON.stringify(gotAll) !== JSON.stringify(wantAll))
          problems.push(`all holders ${JSON.stringify(gotAll)} ≠ ${JSON.stringify(wantAll)}`);
        const mf = model.flags(item, leaf, d);
        const wantFlags = mf ? FLAG_ORDER.filter((k) => mf.has(k)) : [];
        const gotFlags = FLAG_ORDER.filter((k) => chain.flags.includes(k));
        if (JSON.stringify(gotFlags) !== JSON.stringify(wantFlags) || gotFlags.length !== chain.flags.length) {
          problems.push(`flags ${JSON.stringify(chain.flags)} ≠ ${JSON.stringify(wantFlags)}`);
        }
        const wantApplicable = model.applicable(item, leaf, d);
        if (chain.applicable !== wantApplicable) problems.push(`applicable ${chain.applicable} ≠ ${wantApplicable}`);
        if (problems.length) {
          throw new Error(`chain of ${item} at ${leaf} on ${d}:\n  ${problems.join('\n  ')}\n  data: ${describeDataSet(ds)}`);
        }
      }
    }
  });
  return { ...local, coverage: model.coverage };
}

type Tally = Awaited<ReturnType<typeof checkDataSet>>;
function commit(local: Tally) {
  stats.dataSets++;
  stats.flagCases += local.flagCases;
  stats.chainCases += local.chainCases;
  for (const [k, n] of local.flagsSeen) addTo(stats.flagsSeen, k, n);
  for (const [k, n] of local.coverage) addTo(coverage, k, n);
}

/**
 * Bounds shrinking in time: once a counterexample has been found and SHRINK_BUDGET_MS has passed, further
 * candidates are not run (treated as passing), so fast-check stops and reports the smallest failure so far.
 */
function bounded<T>(check: (x: T) => Promise<Tally>): (x: T) => Promise<boolean> {
  let firstFailure: number | null = null;
  return async (x) => {
    if (firstFailure !== null && Date.now() - firstFailure > SHRINK_BUDGET_MS) return true;
    try {
      const tally = await check(x);
      if (firstFailure === null) commit(tally); // cases are counted for generated runs, not for shrinking attempts
      return true;
    } catch (e) {
      firstFailure ??= Date.now();
      throw e;
    }
  };
}

/** How a chain's (item, leaf) pair is drawn: any leaf, a pool township, or a pair that has holders. */
type PairMode = 'any' | 'pool' | 'held';

const caseArb = (region: Region) =>
  fc.record({
    ds: dataSetArb(region),
    dates: fc.uniqueArray(fc.constantFrom(...AS_OF), { minLength: 2, maxLength: 2 }),
    pairs: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom<PairMode>('any', 'pool', 'held', 'held')), {
      minLength: 2,
      maxLength: 4,
    }),
  });

describe('resolution engine ≡ model of SPEC §3–6 (property-based)', () => {
  const started = Date.now();
  afterAll(() => {
    const kinds = FLAG_ORDER.map((k) => `${k}=${stats.flagsSeen.get(k) ?? 0}`).join(' ');
    console.log(
      `engine.property: ${stats.dataSets} data sets, ${stats.flagCases} (date, item, leaf) flag cases, ${stats.chainCases} chain cases, ` +
        `${stats.flagCases + stats.chainCases} cases in all, in ${((Date.now() - started) / 1000).toFixed(1)} s; flags seen: ${kinds}`,
    );
    console.log(`engine.property coverage: ${JSON.stringify(Object.fromEntries(coverage))}`);
  });

  it('招远市 (county 370685 under city 370600): flags and chains agree with the model', async () => {
    await fc.assert(
      fc.asyncProperty(
        caseArb(ZHAOYUAN),
        bounded(({ ds, dates, pairs }) => checkDataSet(ZHAOYUAN, ds, dates, pairs)),
      ),
      { numRuns: RUNS_ZHAOYUAN, seed: SEED, endOnFailure: NO_SHRINK },
    );
  });

  it('东莞市 (townships directly under city 441900): flags and chains agree with the model, no COUNTY level invented', async () => {
    await fc.assert(
      fc.asyncProperty(
        caseArb(DONGGUAN),
        bounded(({ ds, dates, pairs }) => checkDataSet(DONGGUAN, ds, dates, pairs)),
      ),
      { numRuns: RUNS_DONGGUAN, seed: SEED, endOnFailure: NO_SHRINK },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// The maintained flag store after random sequences of writes

/** The lists as they are in the database now, as a DataSet for the model (whatever sequence of writes made them). */
async function readBack(tx: Db, region: string): Promise<DataSet> {
  const bodies = await tx.query<BodyM>(
    `select code, name, jurisdiction_code as jurisdiction, kind, parent_code as parent, serves::text[] as serves,
            valid_from as "validFrom", valid_to as "validTo", successor_code as successor
       from body where kind <> 'GOVERNMENT' or valid_from is not null or valid_to is not null or successor_code is not null`,
  );
  const items = (await tx.query<{ code: string }>('select code from item order by code')).map((r) => r.code);
  const catalogues = await tx.query<CatalogueM>(
    `select c.code, c.owner_code as owner, c.kind, c.valid_from as "validFrom", c.valid_to as "validTo",
            coalesce((select json_agg(json_build_object('item', e.item_code, 'notApplicableIn', e.not_applicable_in,
                       'validFrom', e.valid_from, 'validTo', e.valid_to, 'category', e.category, 'part', e.part,
                       'lead', e.lead_code, 'takenBy', e.taken_by_code))
                        from catalogue_entry e where e.catalogue_code = c.code), '[]'::json) as entries
       from catalogue c`,
  );
  const assignments = await tx.query<AssignmentM>(
    `select item_code as item, scope_code as scope, body_code as body, relative, role, except_in::text[] as "exceptIn",
            catalogue_code as catalogue, valid_from as "validFrom", valid_to as "validTo" from assignment`,
  );
  // SPEC §8: the items' own categories and the empowerments
  const categories = Object.fromEntries(
    (await tx.query<{ code: string; category: string }>('select code, category from item')).map((r) => [r.code, r.category]),
  );
  const empowerments = await tx.query<EmpowermentM>(
    `select item_code as item, scope_code as scope, mode, except_in::text[] as "exceptIn",
            valid_from as "validFrom", valid_to as "validTo" from empowerment`,
  );
  return { region, bodies, items, catalogues, assignments, categories, empowerments };
}

/** One write of a sequence: an import over what is there, deleting some assignments, or moving a body's window. */
type WriteStep =
  | { kind: 'import'; ds: DataSet }
  | { kind: 'deleteAssignments'; pick: number[] }
  | { kind: 'bodyWindow'; pick: number; win: Window };

const writeStepArb = (region: Region): fc.Arbitrary<WriteStep> =>
  fc.oneof(
    dataSetArb(region).map((ds): WriteStep => ({ kind: 'import', ds })),
    fc.array(fc.nat(), { minLength: 1, maxLength: 4 }).map((pick): WriteStep => ({ kind: 'deleteAssignments', pick })),
    fc.record({ pick: fc.nat(), win: boundedWindowArb }).map((x): WriteStep => ({ kind: 'bodyWindow', ...x })),
  );

/** Every validity boundary of the date set, the day before each, and dates before and after all of them. */
const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const BOUNDARY_DATES = [...new Set(['2000-01-01', ...DATES.flatMap((d) => [dayBefore(d), d]), '2030-12-31'])].sort();

async function applyStep(tx: Db, step: WriteStep): Promise<void> {
  switch (step.kind) {
    case 'import': {
      // an invalid combination with what is there (a successor cycle, say) is refused and writes nothing
      await importDocument(tx, toDocument(step.ds));
      break;
    }
    case 'deleteAssignments': {
      const ids = (await tx.query<{ id: string }>('select id::text from assignment order by id')).map((r) => r.id);
      if (ids.length === 0) return;
      await tx.query('delete from assignment where id = any($1::bigint[])', [step.pick.map((i) => pick(ids, i))]);
      break;
    }
    case 'bodyWindow': {
      const codes = (await tx.query<{ code: string }>(`select code from body where kind <> 'GOVERNMENT' order by code`)).map(
        (r) => r.code,
      );
      if (codes.length === 0) return;
      await tx.query('update body set valid_from = $2::date, valid_to = $3::date where code = $1', [
        pick(codes, step.pick),
        step.win.validFrom,
        step.win.validTo,
      ]);
      break;
    }
  }
  // what a committing writer does before commit (the test's transaction is rolled back, never committed)
  await refreshOwnQueue(tx);
}

/**
 * Coverage (by leaf without a domain, by county with one) and workload (without and with a domain) of the region
 * at d, read from the store, must equal the live computation over the rule CTE.
 */
async function checkAnalysis(tx: Db, scope: string, d: string, what: string) {
  const { units } = await freshScope(tx, scope, [scope]);
  const [{ domain }] = await tx.query<{ domain: string | null }>('select min(domain) as domain from item');
  for (const [groupBy, dom] of [
    ['LEAF', null],
    ['COUNTY', domain],
  ] as const) {
    const live = await tx.query(LIVE_COVERAGE_SQL, [d, null, dom, scope, null, groupBy, false]);
    const [stored] = await tx.query<{ page: unknown[] }>(STORE_COVERAGE_SQL, [
      d,
      units,
      null,
      dom,
      groupBy,
      false,
      null,
      null,
      100_000,
    ]);
    expect({ what, d, dom, groupBy, coverage: stored.page }).toEqual({ what, d, dom, groupBy, coverage: live });
  }
  for (const dom of [null, domain]) {
    const [live] = await tx.query<{ page: unknown[] }>(WORKLOAD_SQL, [d, null, dom, scope, null, null, null, null, 100_000]);
    const [stored] = await tx.query<{ page: unknown[] }>(STORE_WORKLOAD_SQL, [d, units, dom, null, null, null, 100_000]);
    expect({ what, d, dom, workload: stored.page }).toEqual({ what, d, dom, workload: live.page });
  }
}

async function checkWriteSequence(region: Region, ds: DataSet, steps: WriteStep[]) {
  const local = { flagCases: 0, chainCases: 0, flagsSeen: new Map<string, number>() };
  const leaves = leavesUnder(region.scope);
  let coverageOf = new Map<string, number>();
  await withDataSet(ds, async (tx) => {
    await refreshOwnQueue(tx);
    for (const [n, step] of [null, ...steps].entries()) {
      if (step) await applyStep(tx, step);
      const now = await readBack(tx, region.scope);
      const model = new Model(now);
      for (const d of BOUNDARY_DATES) {
        const { missing, extra } = await compareFlags(tx, model, now.items, leaves, region.scope, d, local);
        if (missing.length || extra.length) {
          throw new Error(
            `flag store of ${region.scope} on ${d} after write ${n} of ${JSON.stringify(steps.slice(0, n).map((s) => s!.kind))} differs\n` +
              `  model only:  ${JSON.stringify(missing)}\n  store only: ${JSON.stringify(extra)}\n  data now: ${JSON.stringify(toDocument(now))}`,
          );
        }
        // coverage and workload at every fourth boundary, a different quarter after each write
        if (BOUNDARY_DATES.indexOf(d) % 4 === n % 4) await checkAnalysis(tx, region.scope, d, `after write ${n}`);
      }
      coverageOf = model.coverage;
    }
  });
  return { ...local, coverage: coverageOf };
}

describe('maintained flag store ≡ model after random sequences of writes (property-based)', () => {
  for (const region of [ZHAOYUAN, DONGGUAN]) {
    it(`${region.name}: after every write, at every validity boundary`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(dataSetArb(region), fc.array(writeStepArb(region), { minLength: 1, maxLength: 4 })),
          bounded(([ds, steps]: [DataSet, WriteStep[]]) => checkWriteSequence(region, ds, steps)),
        ),
        { numRuns: RUNS_WRITES, seed: SEED, endOnFailure: NO_SHRINK },
      );
    });
  }
});
