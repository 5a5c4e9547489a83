import fc from 'fast-check';
import { importDocument } from '../../src/modules/exchange/import.service';
import {
  assignmentKey,
  entryKey,
  pick,
  RECORD_FIELDS,
  RECORD_KINDS,
  type RecordKind,
} from '../../src/modules/records/record.kinds';
import { ASSIGNMENT_COLUMNS, BODY_COLUMNS, CATALOGUE_COLUMNS, ENTRY_COLUMNS } from '../../src/modules/records/records.sql';
import { STAGING } from '../../src/modules/records/records.stage';
import { openTestDatabase, type TestDatabase } from '../helpers/db';

/**
 * The set-based writer (records.stage.ts) against a model kept in the test: sequences of documents over a small
 * universe of bodies, items, one list, its entries and assignments (texts with quotes, backslashes, commas,
 * braces, newlines, `NULL` and `\N`, which COPY's CSV must carry as they are), imported one after the other,
 * some dry, some with an unknown reference. After each import the stored rows are the model's records, the
 * change feed holds exactly the records that changed (before = the model's record before, after = the
 * document's, in kind and document order), the counts agree, and a document with a problem writes nothing.
 * Run once with the rows COPYed into staging tables (imports) and once sent as one jsonb parameter (mutations).
 */

let t: TestDatabase;
let townships: string[];
beforeAll(async () => {
  t = await openTestDatabase();
  townships = (
    await t.db.query<{ code: string }>(`select code from jurisdiction where parent_code = '370685' order by code limit 3`)
  ).map((r) => r.code);
});
afterAll(() => t.close());

const TEXTS = ['甲', 'a "quoted" b', 'back\\slash', 'x, y', '{braces}', 'line\nbreak', 'NULL', '\\N', "it's", '中文 “引号”'];
const DATES = [null, '2024-01-01', '2025-03-01'];
const N = 3;

type Rec = Record<string, unknown>;
type Model = Record<RecordKind, Map<string, Rec>>;

interface Step {
  bodies: { name: string; from: string | null }[];
  items: { name: string; basis: string[]; description: string | null }[];
  entries: { item: number; name: string | null; basis: string[] | null; notIn: number[] }[];
  assignments: { item: number; body: number; role: string; from: string | null; note: string | null; exceptIn: number[] }[];
  unknownItem: boolean;
  dryRun: boolean;
}

const text = fc.constantFrom(...TEXTS);
const step: fc.Arbitrary<Step> = fc.record({
  bodies: fc.array(fc.record({ name: text, from: fc.constantFrom(...DATES) }), { minLength: N, maxLength: N }),
  items: fc.array(fc.record({ name: text, basis: fc.subarray(TEXTS, { maxLength: 2 }), description: fc.option(text) }), {
    minLength: N,
    maxLength: N,
  }),
  entries: fc.uniqueArray(
    fc.record({
      item: fc.nat(N - 1),
      name: fc.option(text),
      basis: fc.option(fc.subarray(TEXTS, { maxLength: 2 })),
      notIn: fc.subarray([0, 1, 2]),
    }),
    { selector: (e) => e.item, maxLength: N },
  ),
  assignments: fc.uniqueArray(
    fc.record({
      item: fc.nat(N - 1),
      body: fc.nat(N - 1),
      role: fc.constantFrom('PRIMARY', 'SUPPORTING'),
      from: fc.constantFrom(null, '2024-01-01'),
      note: fc.option(text),
      exceptIn: fc.subarray([0, 1, 2]),
    }),
    { selector: (a) => `${a.item}|${a.body}|${a.role}|${a.from}`, maxLength: 6 },
  ),
  unknownItem: fc.nat(6).map((n) => n === 0),
  dryRun: fc.boolean(),
});

let run = 0;

/** The document of a step and the canonical records it holds, by kind, in document order. */
function documentOf(p: string, s: Step) {
  const body = (i: number) => `${p}-B${i}`;
  const item = (i: number) => `${p}-I${i}`;
  const cat = `${p}-C`;
  const bodies = s.bodies.map((b, i) => ({
    code: body(i),
    name: b.name,
    jurisdiction: '370685',
    kind: 'DEPARTMENT',
    parent: null,
    serves: [],
    validFrom: b.from,
    validTo: null,
    successor: null,
  }));
  const items = s.items.map((x, i) => ({
    code: item(i),
    name: x.name,
    domain: '测试',
    category: 'LICENSING',
    basis: x.basis,
    description: x.description,
  }));
  const catalogue = {
    code: cat,
    name: '测试清单',
    owner: '370685',
    kind: 'LOCAL',
    guiding: null,
    validFrom: '2024-01-01',
    validTo: null,
  };
  const entries = s.entries.map((e) => ({
    catalogue: cat,
    item: item(e.item),
    notApplicableIn: e.notIn.map((k) => townships[k]).sort(),
    validFrom: null,
    validTo: null,
    name: e.name,
    category: null,
    basis: e.basis,
    part: null,
    lead: null,
    takenBy: null,
    duty: null,
  }));
  const assignments = s.assignments.map((a, k) => ({
    item: s.unknownItem && k === 0 ? `${p}-NOPE` : item(a.item),
    scope: '370685',
    body: body(a.body),
    relative: null,
    role: a.role,
    duty: null,
    validFrom: a.from,
    validTo: null,
    exceptIn: a.exceptIn.map((x) => townships[x]).sort(),
    catalogue: null,
    basis: [],
    note: a.note,
  }));
  const doc = {
    format: 'shudi-catalogue/1',
    bodies,
    items,
    catalogues: [
      {
        ...catalogue,
        // an absent basis is null, an explicit list is kept (even empty)
        entries: entries.map(({ catalogue: _c, basis, ...e }) => (basis === null ? e : { ...e, basis })),
      },
    ],
    assignments,
  };
  const records: Record<RecordKind, [string, Rec][]> = {
    body: bodies.map((b) => [b.code, b]),
    item: items.map((x) => [x.code, x]),
    catalogue: [[cat, catalogue]],
    entry: entries.map((e) => [entryKey(e), e]),
    assignment: assignments.map((a) => [assignmentKey(a), a]),
    empowerment: [],
  };
  return { doc, records };
}

/** The stored records of the run's prefix, as the model holds them. */
async function stored(p: string): Promise<Record<RecordKind, Map<string, Rec>>> {
  const read = async (kind: RecordKind, text: string, key: (r: Rec) => string) =>
    new Map((await t.db.query<Rec>(text, [`${p}-%`])).map((r) => [key(r), pick(r, RECORD_FIELDS[kind])]));
  return {
    body: await read('body', `select ${BODY_COLUMNS} from body b where b.code like $1`, (r) => String(r.code)),
    item: await read('item', `select code, name, domain, category, basis, description from item where code like $1`, (r) =>
      String(r.code),
    ),
    catalogue: await read('catalogue', `select ${CATALOGUE_COLUMNS} from catalogue c where c.code like $1`, (r) =>
      String(r.code),
    ),
    entry: await read('entry', `select ${ENTRY_COLUMNS} from catalogue_entry e where e.catalogue_code like $1`, (r) =>
      entryKey(r as never),
    ),
    assignment: await read('assignment', `select ${ASSIGNMENT_COLUMNS} from assignment a where a.item_code like $1`, (r) =>
      assignmentKey(r as never),
    ),
    empowerment: new Map(),
  };
}

const sameRecord = (a: Rec, b: Rec) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
const sortKeys = (r: Rec) => Object.fromEntries(Object.entries(r).sort(([x], [y]) => (x < y ? -1 : 1)));

async function checkSequence(steps: Step[]): Promise<void> {
  const p = `SP${run++}`;
  const model: Model = {
    body: new Map(),
    item: new Map(),
    catalogue: new Map(),
    entry: new Map(),
    assignment: new Map(),
    empowerment: new Map(),
  };
  for (const s of steps) {
    const { doc, records } = documentOf(p, s);
    const [{ last }] = await t.db.query<{ last: string }>(`select coalesce(max(id), 0)::text as last from change`);
    const report = await importDocument(t.db, doc, { dryRun: s.dryRun, actor: 'property' });
    // what the model expects: each record created, updated or unchanged against the model's state
    const expected: { entity: RecordKind; key: string; before: Rec | null; after: Rec }[] = [];
    const counts = RECORD_KINDS.map((entity) => ({ entity, created: 0, updated: 0, unchanged: 0 }));
    for (const kind of RECORD_KINDS) {
      for (const [key, rec] of records[kind]) {
        const before = model[kind].get(key) ?? null;
        const c = counts.find((x) => x.entity === kind)!;
        if (before && sameRecord(before, rec)) c.unchanged++;
        else {
          if (before) c.updated++;
          else c.created++;
          expected.push({ entity: kind, key, before, after: rec });
        }
      }
    }
    if (s.unknownItem && s.assignments.length > 0) {
      expect(report.problems.map((x) => x.path)).toEqual(['assignments[0].item']);
      // a dry run reports what would have been written; a failed import, nothing
      if (s.dryRun) expect(report.counts).toEqual(counts);
      else expect(report.created + report.updated + report.unchanged).toBe(0);
    } else {
      expect(report.problems).toEqual([]);
      expect(report.counts).toEqual(counts);
    }
    const written = !s.dryRun && report.problems.length === 0;
    if (written) for (const kind of RECORD_KINDS) for (const [key, rec] of records[kind]) model[kind].set(key, rec);
    const feed = await t.db.query<{
      entity: RecordKind;
      key: string;
      operation: string;
      before: Rec | null;
      after: Rec;
      actor: string;
    }>(`select entity, key, operation, before, after, actor from change where id > $1::bigint order by id`, [last]);
    expect(feed).toEqual(
      written ? expected.map((e) => ({ ...e, operation: e.before ? 'UPDATE' : 'CREATE', actor: 'property' })) : [],
    );
    expect(await stored(p)).toEqual(model);
  }
}

const RUNS = Number(process.env.SHUDI_PROPERTY_RUNS ?? 40);

describe.each([
  ['COPYed into staging tables (imports)', 1],
  ['sent as one jsonb parameter (mutations)', Number.POSITIVE_INFINITY],
])('the set-based writer, records %s, agrees with the model', (_how, copyAtLeast) => {
  const saved = STAGING.copyAtLeast;
  beforeAll(() => (STAGING.copyAtLeast = copyAtLeast));
  afterAll(() => (STAGING.copyAtLeast = saved));

  test('rows, change feed, counts and problems over sequences of documents', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 4 }), checkSequence), {
      numRuns: RUNS,
      seed: 11,
      endOnFailure: true,
    });
  }, 120_000);
});
