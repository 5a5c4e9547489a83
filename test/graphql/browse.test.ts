import { importDocument } from '../../src/modules/exchange/import.service';
import type { TestDatabase } from '../helpers/db';
import { demo, type GqlClient } from '../helpers/graphql';
import { closeAll, openSeededGraphql } from '../helpers/setup';

/**
 * The browse queries over the demo list of 招远市: single records, filtered connections, cursor
 * pagination, the relations a client walks — and what listing them costs in SQL statements.
 */

let t: TestDatabase;
let gql: GqlClient;

const DEMO_ASSIGNMENTS = demo().assignments as Record<string, string>[];

beforeAll(async () => {
  ({ t, gql } = await openSeededGraphql([demo()]));
});
afterAll(() => closeAll(gql, t));

const codes = (edges: { node: { code: string } }[]) => edges.map((e) => e.node.code);

describe('bodies', () => {
  it('answers one body by code with its relations', async () => {
    const d = await gql.ok(`{ body(code: "370685-SCJG-WQ") {
      code name kind level jurisdiction { code name } parent { code name level } serves { code name } successor { code } validFrom validTo rowVersion } }`);
    expect(d.body).toEqual({
      code: '370685-SCJG-WQ',
      name: '招远市市场监督管理局温泉市场监督管理所',
      kind: 'STATIONED',
      level: 'COUNTY',
      jurisdiction: { code: '370685', name: '招远市' },
      parent: { code: '370685-SCJG', name: '招远市市场监督管理局', level: 'COUNTY' },
      serves: [
        { code: '370685001', name: expect.any(String) },
        { code: '370685002', name: expect.any(String) },
        { code: '370685004', name: '温泉街道' },
      ],
      successor: null,
      validFrom: null,
      validTo: null,
      rowVersion: 1,
    });
    expect((await gql.ok(`{ body(code: "NO-SUCH-BODY") { code } }`)).body).toBeNull();
  });

  it('gives a STATIONED body its parent’s level, not its own jurisdiction’s', async () => {
    // A unit stationed at a township (its jurisdiction) counts at the level of its county department.
    await gql.ok(`mutation { createBody(input: { code: "370685004-SCJG-ZD", name: "招远市市场监督管理局温泉驻点", jurisdiction: "370685004",
      kind: STATIONED, parent: "370685-SCJG" }) { code } }`);
    const d = await gql.ok(`{ body(code: "370685004-SCJG-ZD") { level jurisdiction { level } parent { level } } }`);
    expect(d.body).toEqual({ level: 'COUNTY', jurisdiction: { level: 'TOWNSHIP' }, parent: { level: 'COUNTY' } });
    await gql.ok(`mutation { deleteBody(code: "370685004-SCJG-ZD") }`);
    const gov = await gql.ok(`{ body(code: "370685004-GOV") { kind level } }`);
    expect(gov.body).toEqual({ kind: 'GOVERNMENT', level: 'TOWNSHIP' });
  });

  it('follows the successor of a reorganised body: 安监局 → 应急管理局', async () => {
    const d = await gql.ok(`{ body(code: "370685-AJJ") { validTo successor { code name validFrom successor { code } } } }`);
    expect(d.body).toEqual({
      validTo: '2019-03-01',
      successor: { code: '370685-YJGL', name: '招远市应急管理局', validFrom: '2019-03-01', successor: null },
    });
  });

  it('filters by jurisdiction (aliases accepted), subtree, kind and name', async () => {
    const q = `query($j: String, $sub: Boolean! = false, $kind: BodyKind, $name: String) {
      bodies(jurisdictionCode: $j, includeSubtree: $sub, kind: $kind, name: $name, first: 100) { totalCount edges { node { code kind jurisdiction { code } } } } }`;
    const own = (await gql.ok(q, { j: '370685' })).bodies;
    // The 15 bodies of the demo and the county's government.
    expect(own.totalCount).toBe(16);
    expect(codes(own.edges)).toContain('370685-GOV');
    expect(own.edges.every((e: any) => e.node.jurisdiction.code === '370685')).toBe(true);
    expect((await gql.ok(q, { j: '370685000000' })).bodies.totalCount).toBe(16);

    const sub = (await gql.ok(q, { j: '370685', sub: true })).bodies;
    expect(sub.totalCount).toBe(16 + 14); // and the governments of its 14 townships
    expect(codes(sub.edges)).toContain('370685004-GOV');

    const depts = (await gql.ok(q, { j: '370685', kind: 'DEPARTMENT' })).bodies;
    expect(depts.totalCount).toBe(13);
    expect(depts.edges.every((e: any) => e.node.kind === 'DEPARTMENT')).toBe(true);

    const govs = (await gql.ok(q, { j: '3706', sub: true, kind: 'GOVERNMENT' })).bodies;
    const [{ n }] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from jurisdiction where path @> array['370600'::varchar]`,
    );
    expect(govs.totalCount).toBe(n);

    const named = (await gql.ok(q, { name: '市场监督' })).bodies;
    expect(codes(named.edges)).toEqual(['370685-SCJG', '370685-SCJG-WQ']);
    expect((await gql.ok(q, { j: '370685', name: '温泉' })).bodies.totalCount).toBe(1);
  });

  it('rejects a malformed jurisdictionCode with BAD_USER_INPUT quoting it', async () => {
    const r = await gql.run(`{ bodies(jurisdictionCode: "37068") { totalCount } }`);
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toContain('"37068"');
    expect(r.errors![0].message).toContain('jurisdictionCode');
  });
});

describe('items', () => {
  it('answers one item by code', async () => {
    const d = await gql.ok(`{ item(code: "ZY-TER-001") { code name domain category basis description rowVersion } }`);
    expect(d.item).toEqual({
      code: 'ZY-TER-001',
      name: '秸秆禁烧',
      domain: '生态环境',
      category: 'TERRITORIAL',
      basis: ['《中华人民共和国大气污染防治法》第七十七条'],
      description: null,
      rowVersion: 1,
    });
    expect((await gql.ok(`{ item(code: "ZY-TER-999") { code } }`)).item).toBeNull();
  });

  it('filters by domain, category and text', async () => {
    const q = `query($domain: String, $category: Category, $text: String) {
      items(domain: $domain, category: $category, text: $text, first: 100) { totalCount edges { node { code } } } }`;
    expect(codes((await gql.ok(q, { domain: '生态环境' })).items.edges)).toEqual(['ZY-TER-001', 'ZY-TER-002', 'ZY-TER-003']);
    expect((await gql.ok(q, { category: 'TERRITORIAL' })).items.totalCount).toBe(22);
    expect((await gql.ok(q, { category: 'LICENSING' })).items.totalCount).toBe(0);
    expect(codes((await gql.ok(q, { text: '禁烧' })).items.edges)).toEqual(['ZY-TER-001']);
    expect((await gql.ok(q, { text: 'ZY-TER-01' })).items.totalCount).toBe(10);
    expect(codes((await gql.ok(q, { domain: '应急管理', text: '防' })).items.edges)).toEqual(['ZY-TER-005', 'ZY-TER-006']);
  });
});

describe('catalogues and entries', () => {
  it('answers the demo catalogue with its owner and entries', async () => {
    const d =
      await gql.ok(`{ catalogue(code: "370685-TER-2020") { code kind owner { code name } guiding { code } validFrom validTo
      entries(first: 5) { totalCount edges { cursor node { item { code name } catalogue { code } } } pageInfo { hasNextPage endCursor } } } }`);
    const c = d.catalogue;
    expect(c).toMatchObject({
      code: '370685-TER-2020',
      kind: 'LOCAL',
      owner: { code: '370685', name: '招远市' },
      guiding: null,
      validFrom: '2020-06-01',
      validTo: null,
    });
    expect(c.entries.totalCount).toBe(22);
    expect(c.entries.edges.map((e: any) => e.node.item.code)).toEqual([
      'ZY-TER-001',
      'ZY-TER-002',
      'ZY-TER-003',
      'ZY-TER-004',
      'ZY-TER-005',
    ]);
    expect(c.entries.edges[0].node).toEqual({
      item: { code: 'ZY-TER-001', name: '秸秆禁烧' },
      catalogue: { code: '370685-TER-2020' },
    });
    expect(c.entries.pageInfo).toEqual({ hasNextPage: true, endCursor: c.entries.edges[4].cursor });

    const next = await gql.ok(
      `query($after: String) { catalogue(code: "370685-TER-2020") { entries(first: 5, after: $after) { edges { node { item { code } } } } } }`,
      {
        after: c.entries.pageInfo.endCursor,
      },
    );
    expect(next.catalogue.entries.edges.map((e: any) => e.node.item.code)).toEqual([
      'ZY-TER-006',
      'ZY-TER-007',
      'ZY-TER-008',
      'ZY-TER-009',
      'ZY-TER-010',
    ]);
  });

  it('resolves notApplicableIn to jurisdictions', async () => {
    const d = await gql.ok(
      `{ catalogue(code: "370685-TER-2020") { entries(first: 100) { edges { node { item { code } notApplicableIn { code name level parent { code } } } } } } }`,
    );
    const byItem = new Map(d.catalogue.entries.edges.map((e: any) => [e.node.item.code, e.node.notApplicableIn]));
    const forest = byItem.get('ZY-TER-006') as any[];
    expect(forest.map((j) => j.code)).toEqual(['370685001', '370685002', '370685003', '370685004', '370685005']);
    expect(forest.every((j) => j.level === 'TOWNSHIP' && j.parent.code === '370685' && j.name.length > 0)).toBe(true);
    expect(forest.find((j) => j.code === '370685004').name).toBe('温泉街道');
    expect((byItem.get('ZY-TER-021') as any[]).map((j) => j.code)).toEqual(['370685001']);
    expect(byItem.get('ZY-TER-001')).toEqual([]);
  });

  it('lists catalogues by owner (subtree) and kind', async () => {
    const q = `query($o: String, $sub: Boolean! = false, $kind: CatalogueKind) { catalogues(ownerCode: $o, includeSubtree: $sub, kind: $kind) { totalCount edges { node { code } } } }`;
    expect(codes((await gql.ok(q, { o: '370685' })).catalogues.edges)).toEqual(['370685-TER-2020']);
    expect((await gql.ok(q, { o: '3706' })).catalogues.totalCount).toBe(0);
    expect((await gql.ok(q, { o: '3706', sub: true })).catalogues.totalCount).toBe(1);
    expect((await gql.ok(q, { o: '37', sub: true, kind: 'GUIDING' })).catalogues.totalCount).toBe(0);
  });
});

describe('assignments', () => {
  const q = `query($item: String, $scope: String, $body: String, $role: Role, $cat: String) {
    assignments(itemCode: $item, scopeCode: $scope, bodyCode: $body, role: $role, catalogueCode: $cat, first: 100) {
      totalCount edges { node { id item { code } scope { code } body { code } relative role } } } }`;
  const count = (pred: (a: Record<string, string>) => boolean) => DEMO_ASSIGNMENTS.filter(pred).length;

  it('filters by itemCode', async () => {
    const r = (await gql.ok(q, { item: 'ZY-TER-004' })).assignments;
    expect(r.totalCount).toBe(3);
    expect(r.edges.every((e: any) => e.node.item.code === 'ZY-TER-004')).toBe(true);
    expect(new Set(r.edges.map((e: any) => e.node.body?.code ?? e.node.relative))).toEqual(
      new Set(['370685-YJGL', 'TOWNSHIP_GOVERNMENT', '370685-AJJ']),
    );
  });

  it('filters by scopeCode: written at the scope or anywhere under it (aliases accepted)', async () => {
    expect((await gql.ok(q, { scope: '370685' })).assignments.totalCount).toBe(DEMO_ASSIGNMENTS.length);
    expect((await gql.ok(q, { scope: '3706' })).assignments.totalCount).toBe(DEMO_ASSIGNMENTS.length);
    expect((await gql.ok(q, { scope: '37' })).assignments.totalCount).toBe(DEMO_ASSIGNMENTS.length);
    const wq = (await gql.ok(q, { scope: '370685004000' })).assignments;
    expect(wq.totalCount).toBe(1);
    expect(wq.edges[0].node).toMatchObject({
      item: { code: 'ZY-TER-008' },
      scope: { code: '370685004' },
      relative: 'TOWNSHIP_GOVERNMENT',
      role: 'PRIMARY',
    });
    expect((await gql.ok(q, { scope: '370685001' })).assignments.totalCount).toBe(1);
    expect((await gql.ok(q, { scope: '370685003' })).assignments.totalCount).toBe(0);
    expect((await gql.ok(q, { scope: '3701' })).assignments.totalCount).toBe(0);
    const bad = await gql.run(`{ assignments(scopeCode: "370685000") { totalCount } }`);
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].message).toContain('"370685000"');
  });

  it('filters by bodyCode, role and catalogueCode, alone and together', async () => {
    const zhzf = (await gql.ok(q, { body: '370685-ZHZF' })).assignments;
    expect(zhzf.totalCount).toBe(count((a) => a.body === '370685-ZHZF'));
    expect(zhzf.totalCount).toBe(3);
    expect(zhzf.edges.every((e: any) => e.node.body.code === '370685-ZHZF')).toBe(true);
    for (const role of ['PRIMARY', 'SUPPORTING', 'SUPERVISING']) {
      const r = (await gql.ok(q, { role })).assignments;
      expect(r.totalCount).toBe(count((a) => a.role === role));
      expect(r.edges.every((e: any) => e.node.role === role)).toBe(true);
    }
    expect((await gql.ok(q, { role: 'SUPERVISING' })).assignments.edges[0].node).toMatchObject({
      item: { code: 'ZY-TER-014' },
      body: { code: '370685-NYNC' },
    });
    expect((await gql.ok(q, { item: 'ZY-TER-008', role: 'PRIMARY' })).assignments.totalCount).toBe(2);
    expect((await gql.ok(q, { item: 'ZY-TER-008', role: 'PRIMARY', scope: '370685004' })).assignments.totalCount).toBe(1);
    expect((await gql.ok(q, { cat: '370685-TER-2020' })).assignments.totalCount).toBe(DEMO_ASSIGNMENTS.length);
    expect((await gql.ok(q, { body: 'NO-SUCH-BODY' })).assignments.totalCount).toBe(0);
  });
});

describe('cursor pagination', () => {
  /** Walks a connection page by page and returns the node keys in order, checking every page's bookkeeping. */
  async function walk(query: string, pick: (d: any) => any, key: (n: any) => string) {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const conn = pick(await gql.ok(query, { first: 7, after }));
      pages++;
      expect(conn.edges.length).toBeLessThanOrEqual(7);
      seen.push(...conn.edges.map((e: any) => key(e.node)));
      if (conn.edges.length) expect(conn.pageInfo.endCursor).toBe(conn.edges[conn.edges.length - 1].cursor);
      if (!conn.pageInfo.hasNextPage) break;
      expect(conn.edges).toHaveLength(7);
      after = conn.pageInfo.endCursor;
      if (pages > 50) throw new Error('pagination does not end');
    }
    const all = pick(await gql.ok(query, { first: 100, after: null }));
    expect(all.pageInfo.hasNextPage).toBe(false);
    return { seen, all: all.edges.map((e: any) => key(e.node)), totalCount: all.totalCount };
  }

  const lists: [string, string, (d: any) => any, (n: any) => string][] = [
    [
      'assignments',
      `query($first: Int, $after: String) { assignments(first: $first, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
      (d) => d.assignments,
      (n) => n.id,
    ],
    [
      'bodies of 招远市’s subtree',
      `query($first: Int, $after: String) { bodies(jurisdictionCode: "370685", includeSubtree: true, first: $first, after: $after) {
         totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`,
      (d) => d.bodies,
      (n) => n.code,
    ],
    [
      'items',
      `query($first: Int, $after: String) { items(first: $first, after: $after) { totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`,
      (d) => d.items,
      (n) => n.code,
    ],
    [
      'entries',
      `query($first: Int, $after: String) { catalogue(code: "370685-TER-2020") { entries(first: $first, after: $after) {
         totalCount edges { cursor node { item { code } } } pageInfo { hasNextPage endCursor } } } }`,
      (d) => d.catalogue.entries,
      (n) => n.item.code,
    ],
    [
      'township assignments of 招远市',
      `query($first: Int, $after: String) { assignments(scopeCode: "370685", role: SUPPORTING, first: $first, after: $after) {
         totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
      (d) => d.assignments,
      (n) => n.id,
    ],
  ];

  it.each(lists)('%s: pages of 7 neither skip nor repeat, and equal one big page', async (_name, query, pick, key) => {
    const { seen, all, totalCount } = await walk(query, pick, key);
    expect(seen.length).toBeGreaterThan(7);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all);
    expect(seen).toHaveLength(totalCount);
  });

  it('first: 0 answers no edges but the total', async () => {
    const d = await gql.ok(`{ items(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }`);
    expect(d.items).toEqual({ totalCount: 22, edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });

  it.each([
    ['assignments', `assignments(first: 101) { totalCount }`],
    ['bodies', `bodies(first: 101) { totalCount }`],
    ['items', `items(first: 101) { totalCount }`],
    ['catalogues', `catalogues(first: 101) { totalCount }`],
    ['entries', `catalogue(code: "370685-TER-2020") { entries(first: 101) { totalCount } }`],
    ['assignments (negative)', `assignments(first: -1) { totalCount }`],
  ])('%s: first beyond 0–100 is BAD_USER_INPUT', async (_name, field) => {
    const r = await gql.run(`{ ${field} }`);
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toContain('first');
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['base64 of something else', Buffer.from('hello').toString('base64url')],
    ['a JSON array of the wrong length', Buffer.from('["a","b"]').toString('base64url')],
  ])('an invalid cursor (%s) is BAD_USER_INPUT quoting it', async (_name, cursor) => {
    for (const field of ['assignments', 'bodies', 'items']) {
      const r = await gql.run(`query($after: String) { ${field}(after: $after) { totalCount } }`, { after: cursor });
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(r.errors![0].message).toContain(`"${cursor}"`);
    }
  });

  it('a cursor of another list is BAD_USER_INPUT, not an internal error', async () => {
    const bodies = await gql.ok(`{ bodies(jurisdictionCode: "370685", first: 1) { pageInfo { endCursor } } }`);
    const cursor = bodies.bodies.pageInfo.endCursor as string;
    const r = await gql.run(`query($after: String) { assignments(after: $after) { totalCount } }`, { after: cursor });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toContain(`"${cursor}"`);
  });
});

describe('SQL statements per listing', () => {
  const LIST = `query($first: Int) { assignments(first: $first) { totalCount edges { node {
    item { code name }
    body { code name jurisdiction { name } }
    scope { code name parent { name } }
    catalogue { name } } } } }`;

  beforeAll(async () => {
    // Township-level assignments over 招远市’s townships and the demo items: ≥ 100 assignments in all.
    const townships = await t.db.query<{ code: string }>(
      `select code from jurisdiction where parent_code = '370685' order by code`,
    );
    expect(townships).toHaveLength(14);
    const items = (demo().items as { code: string }[]).map((i) => i.code);
    const assignments = townships.flatMap((j, n) =>
      [0, 1, 2, 3, 4, 5, 6, 7].map((k) => ({
        item: items[(n + k) % items.length],
        scope: j.code,
        body: `${j.code}-GOV`,
        role: 'PRIMARY',
        duty: `测试职责 ${n}-${k}`,
        catalogue: '370685-TER-2020',
        validFrom: '2023-01-01',
      })),
    );
    const report = await importDocument(t.db, { format: 'shudi-catalogue/1', assignments });
    expect(report.problems).toEqual([]);
    expect(report.created).toBe(14 * 8);
  });

  it('lists 10 or 100 assignments with their relations in the same small number of statements', async () => {
    const measure = async (first: number) => {
      const before = t.logger.total;
      const d = await gql.ok(LIST, { first });
      return { statements: t.logger.total - before, d };
    };
    const ten = await measure(10);
    const hundred = await measure(100);
    expect(ten.d.assignments.edges).toHaveLength(10);
    expect(hundred.d.assignments.edges).toHaveLength(100);
    expect(hundred.d.assignments.totalCount).toBe(DEMO_ASSIGNMENTS.length + 14 * 8);

    // Every relation really resolved, township ones included.
    const nodes = hundred.d.assignments.edges.map((e: any) => e.node);
    expect(nodes.every((n: any) => n.item.name && n.scope.name && n.scope.parent.name && n.catalogue.name)).toBe(true);
    const township = nodes.find((n: any) => n.scope.code === '370685004' && n.body);
    expect(township).toMatchObject({
      body: { code: '370685004-GOV', name: '温泉街道办事处', jurisdiction: { name: '温泉街道' } },
      scope: { parent: { name: '招远市' } },
    });
    expect(nodes.filter((n: any) => n.body).every((n: any) => n.body.jurisdiction.name)).toBe(true);

    expect(ten.statements).toBeGreaterThan(0);
    expect(hundred.statements).toBe(ten.statements);
    expect(hundred.statements).toBeLessThanOrEqual(10);
  });
});

describe('SQL statements per chain', () => {
  const CHAIN = `query($item: String!, $place: String!) { responsibleChain(itemCode: $item, jurisdictionCode: $place) {
    asOf applicable flags levels { level jurisdiction { code name } holders { role duty active resolution body { code name } scope { code } } }
    primary { body { code name } active } } }`;

  it('answers a chain with every field a front end reads in one statement', async () => {
    const before = t.logger.total;
    const d = await gql.ok(CHAIN, { item: DEMO_ASSIGNMENTS[0].item, place: '370685102' });
    const chain = d.responsibleChain as { levels: unknown[] };
    expect(chain.levels.length).toBeGreaterThan(0);
    expect(t.logger.total - before).toBe(1);
  });
});
