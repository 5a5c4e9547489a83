import { importDocument } from '../../src/modules/exchange/import.service';
import * as sql from '../../src/modules/records/records.sql';
import { SPECS, pick } from '../../src/modules/records/record.kinds';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demo, graphqlClient, type GqlClient } from '../helpers/graphql';
import { closeAll } from '../helpers/setup';

let t: TestDatabase;
let gql: GqlClient;
beforeAll(async () => {
  t = await openTestDatabase();
  gql = await graphqlClient(t.db);
});
afterAll(() => closeAll(gql, t));

const FEED = `query($after: String, $first: Int, $entity: String, $scope: String, $actor: String, $from: String, $to: String) {
  changes(after: $after, first: $first, entity: $entity, scopeCode: $scope, actor: $actor, from: $from, to: $to) {
    edges { cursor node { cursor entity key operation at actor reason before after scope { code } } }
    pageInfo { hasNextPage endCursor } } }`;

interface ChangeNode {
  cursor: string;
  entity: string;
  key: string;
  operation: string;
  actor: string | null;
  reason: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

async function feed(vars: Record<string, unknown> = {}, first = 100): Promise<ChangeNode[]> {
  const out: ChangeNode[] = [];
  let after: string | null = (vars.after as string) ?? null;
  for (;;) {
    const d: any = await gql.ok(FEED, { ...vars, first, after });
    out.push(...d.changes.edges.map((e: any) => e.node));
    if (!d.changes.pageInfo.hasNextPage) return out;
    after = d.changes.pageInfo.endCursor;
  }
}

/** The lists as they stand, in the interchange form change records carry (GOVERNMENT bodies come with the tree). */
async function currentState(): Promise<Map<string, unknown>> {
  const state = new Map<string, unknown>();
  const put = (entity: string, key: string, rec: unknown) => state.set(`${entity}|${key}`, rec);
  for (const b of await t.db.query<sql.BodyRow>(`select b.code from body b where b.kind <> 'GOVERNMENT'`)) {
    const [row] = (await t.db.query<sql.BodyRow>(sql.BODIES_BY_CODE_SQL, [[b.code]])).filter((r) => r.code === b.code);
    put(
      'body',
      b.code,
      pick(
        row,
        SPECS.body.map((s) => s.key),
      ),
    );
  }
  for (const i of await t.db.query<sql.ItemRow>(`select code, name, domain, category, basis, description from item`))
    put(
      'item',
      i.code,
      pick(
        i,
        SPECS.item.map((s) => s.key),
      ),
    );
  for (const c of await t.db.query<sql.CatalogueRow>(`select ${sql.CATALOGUE_COLUMNS} from catalogue c`))
    put(
      'catalogue',
      c.code,
      pick(
        c,
        SPECS.catalogue.map((s) => s.key),
      ),
    );
  for (const e of await t.db.query<sql.EntryRow>(`select ${sql.ENTRY_COLUMNS} from catalogue_entry e`)) {
    put('entry', `${e.catalogue}|${e.item}`, {
      ...pick(
        e,
        SPECS.entry.map((s) => s.key),
      ),
      catalogue: e.catalogue,
    });
  }
  for (const a of await t.db.query<sql.AssignmentRow>(`select ${sql.ASSIGNMENT_COLUMNS} from assignment a`)) {
    const rec = pick(
      a,
      SPECS.assignment.map((s) => s.key),
    ) as any;
    put('assignment', `${rec.item}|${rec.scope}|${rec.body ?? `@${rec.relative}`}|${rec.role}|${rec.validFrom ?? ''}`, rec);
  }
  return state;
}

/** What an integrator does: replay the feed, in order, keyed by entity and key. */
function rebuild(changes: ChangeNode[]): Map<string, unknown> {
  const state = new Map<string, unknown>();
  for (const c of changes) {
    if (c.entity === 'acknowledgement') continue;
    if (c.operation === 'DELETE') state.delete(`${c.entity}|${c.key}`);
    else {
      if (c.operation === 'UPDATE' && c.entity === 'assignment') {
        const b = c.before as any;
        state.delete(`assignment|${b.item}|${b.scope}|${b.body ?? `@${b.relative}`}|${b.role}|${b.validFrom ?? ''}`);
      }
      state.set(`${c.entity}|${c.key}`, c.after);
    }
  }
  return state;
}

/** Order-insensitive form (jsonb keeps keys in its own order). */
const sortKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sortKeys)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, x]) => [k, sortKeys(x)]),
        )
      : v;
const canonical = (m: Map<string, unknown>) =>
  [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]);

describe('the change feed (SPEC §7)', () => {
  it('records every record an import writes, with actor and reason, and nothing for an unchanged or failed one', async () => {
    await importDocument(t.db, demo(), { actor: '招远市委编办', reason: '首次导入' });
    const first = await feed();
    expect(first).toHaveLength(105);
    expect(new Set(first.map((c) => c.operation))).toEqual(new Set(['CREATE']));
    expect(first.every((c) => c.actor === '招远市委编办' && c.reason === '首次导入')).toBe(true);
    const counts = first.reduce<Record<string, number>>((m, c) => ({ ...m, [c.entity]: (m[c.entity] ?? 0) + 1 }), {});
    expect(counts).toEqual({ body: 15, item: 22, catalogue: 1, entry: 22, assignment: 45 });
    await importDocument(t.db, demo());
    const bad = demo();
    bad.assignments[0].scope = '3706859';
    await importDocument(t.db, bad);
    expect(await feed()).toHaveLength(105);
  });

  it('records mutations and acknowledgements with before and after', async () => {
    const last = (await feed()).at(-1)!.cursor;
    await gql.ok(
      `mutation { updateBody(code: "370685-ZHZF", input: { name: "招远市综合行政执法局（改）" }, reason: "更名") { name } }`,
    );
    const created: any =
      await gql.ok(`mutation { createAssignment(input: { item: "ZY-TER-022", scope: "370685", body: "370685-GA", role: PRIMARY,
      catalogue: "370685-TER-2020", validFrom: "2024-01-01" }) { id } }`);
    await gql.ok(
      `mutation { updateAssignment(id: "${created.createAssignment.id}", input: { validFrom: "2024-02-01", duty: "负责反诈宣传" }) { id } }`,
    );
    await gql.ok(
      `mutation { acknowledgeFlag(kind: ROLE_CONFLICT, itemCode: "ZY-TER-008", jurisdictionCode: "370685004", reason: "试点", asOf: "2026-11-23") { kind } }`,
    );
    await gql.ok(`mutation { deleteEntry(catalogueCode: "370685-TER-2020", itemCode: "ZY-TER-009", reason: "移出清单") }`);
    const since = await feed({ after: last });
    expect(since.map((c) => `${c.operation} ${c.entity}`)).toEqual([
      'UPDATE body',
      'CREATE assignment',
      'UPDATE assignment',
      'CREATE acknowledgement',
      'DELETE entry',
    ]);
    expect(since[0]).toMatchObject({
      key: '370685-ZHZF',
      reason: '更名',
      before: { name: '招远市综合行政执法局' },
      after: { name: '招远市综合行政执法局（改）' },
    });
    expect(since[2].before).toMatchObject({ validFrom: '2024-01-01' });
    expect(since[2].key).toBe('ZY-TER-022|370685|370685-GA|PRIMARY|2024-02-01');
    expect(since[4]).toMatchObject({ key: '370685-TER-2020|ZY-TER-009', after: null, reason: '移出清单' });
  });

  it('lets an integrator rebuild the lists from the feed alone', async () => {
    await gql.ok(`mutation { deleteCatalogue(code: "370685-TER-2020", cascadeAssignments: true) }`);
    await importDocument(t.db, demo());
    expect(canonical(rebuild(await feed({}, 37)))).toEqual(canonical(await currentState()));
  });

  it('pages in commit order without skipping or repeating, even while writes happen', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let round = 0;
    for (;;) {
      const d: any = await gql.ok(FEED, { first: 25, after });
      seen.push(...d.changes.edges.map((e: any) => `${e.node.entity}|${e.node.key}|${e.node.operation}|${e.node.cursor}`));
      // writes land while we page
      if (round < 3) {
        const doc = demo();
        doc.items[round].name = `${doc.items[round].name}（第${round}次）`;
        await Promise.all([
          importDocument(t.db, doc),
          gql.ok(`mutation { updateItem(code: "ZY-TER-02${round}", input: { description: "r${round}" }) { code } }`),
        ]);
      }
      round++;
      after = d.changes.pageInfo.endCursor;
      if (!d.changes.pageInfo.hasNextPage && round > 3) break;
    }
    const all = (await feed()).map((c) => `${c.entity}|${c.key}|${c.operation}|${c.cursor}`);
    expect(seen).toEqual(all);
  });

  it('filters by entity, scope, actor and time, and rejects bad filters', async () => {
    const bodies = await feed({ entity: 'body' });
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.every((c) => c.entity === 'body')).toBe(true);
    const elsewhere = await feed({ scope: '370682' });
    expect(elsewhere.every((c) => c.entity === 'item')).toBe(true); // items are national
    expect((await feed({ scope: '370685004' })).some((c) => c.entity === 'acknowledgement')).toBe(true);
    expect((await feed({ actor: '招远市委编办' })).length).toBe(105);
    expect(await feed({ from: '2100-01-01' })).toEqual([]);
    for (const vars of [{ entity: 'bodies' }, { scope: '37068' }, { from: 'yesterday' }, { after: 'bm9wZQ' }]) {
      const r = await gql.run(FEED, vars);
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
