import { importDocument } from '../../src/modules/exchange/import.service';
import type { TestDatabase } from '../helpers/db';
import type { GqlResult, GqlClient } from '../helpers/graphql';
import { fingerprint } from '../helpers/fingerprint';
import { closeAll, openSeededGraphql } from '../helpers/setup';

/**
 * Single-record mutations (createX / updateX / deleteX) for bodies, items, catalogues, entries and
 * assignments: the round trip through the query fields, patch semantics, optimistic concurrency, and
 * every failure path answering with the field, the value, the public code — and writing nothing.
 */

let t: TestDatabase;
let gql: GqlClient;

/** What the mutations lean on: a department, two items, a LOCAL catalogue of 招远市 with one entry and one assignment. */
const FIXTURE = {
  format: 'shudi-catalogue/1',
  bodies: [{ code: 'FIX-DEPT', name: '招远市测试局', jurisdiction: '370685', kind: 'DEPARTMENT' }],
  items: [
    { code: 'FIX-ITEM-1', name: '测试事项一', domain: '测试', category: 'TERRITORIAL' },
    { code: 'FIX-ITEM-2', name: '测试事项二', domain: '测试', category: 'TERRITORIAL' },
  ],
  catalogues: [
    {
      code: 'FIX-CAT',
      name: '招远市测试清单',
      owner: '370685',
      kind: 'LOCAL',
      validFrom: '2020-01-01',
      entries: [{ item: 'FIX-ITEM-2' }],
    },
  ],
  assignments: [
    {
      item: 'FIX-ITEM-2',
      scope: '370685',
      body: 'FIX-DEPT',
      role: 'PRIMARY',
      duty: '原职责',
      catalogue: 'FIX-CAT',
      validFrom: '2020-01-01',
    },
  ],
};

beforeAll(async () => {
  ({ t, gql } = await openSeededGraphql([FIXTURE]));
});
afterAll(() => closeAll(gql, t));

/** Runs a failing operation and checks that it changed nothing at all. */
async function failsWithoutWriting(op: () => Promise<GqlResult>): Promise<NonNullable<GqlResult['errors']>[number]> {
  const before = await fingerprint(t.db);
  const r = await op();
  expect(r.errors).toBeDefined();
  expect(r.errors).toHaveLength(1);
  expect(await fingerprint(t.db)).toEqual(before);
  return r.errors![0];
}

/** The error names `path` among its problems (and in its message) and quotes `quoted`. */
function expectProblem(e: NonNullable<GqlResult['errors']>[number], code: string, path: string, quoted: string) {
  expect(e.extensions?.code).toBe(code);
  const problems = (e.extensions?.problems ?? []) as { path: string; message: string }[];
  const p = problems.find((x) => x.path === path);
  if (!p) throw new Error(`no problem at ${path}: ${JSON.stringify(e, null, 1)}`);
  expect(p.message).toContain(quoted);
  expect(e.message).toContain(path);
  expect(e.message).toContain(quoted);
}

const BODY = `code name kind jurisdiction { code level } parent { code } serves { code } validFrom validTo successor { code } rowVersion`;
const ITEM = `code name domain category basis description rowVersion`;
const CATALOGUE = `code name kind owner { code } guiding { code } validFrom validTo rowVersion`;
const ENTRY = `item { code } catalogue { code } name category basis notApplicableIn { code } validFrom validTo rowVersion`;
const ASSIGNMENT = `id item { code } scope { code } body { code } relative role duty validFrom validTo exceptIn { code } catalogue { code } basis note rowVersion`;

type Key = string[];
/** [title, input fields (create: merged over the valid input; update: the patch), problem path, quoted value] */
type Bad = [string, Record<string, unknown>, string, string];

interface CrudCase {
  kind: string;
  input: Record<string, unknown>;
  create(input: Record<string, unknown>): Promise<GqlResult>;
  read(key: Key): Promise<any>;
  update(key: Key, patch: Record<string, unknown>, expectedVersion?: number): Promise<GqlResult>;
  remove(key: Key): Promise<GqlResult>;
  keyOf(node: any): Key;
  missing: Key;
  created: Record<string, unknown>;
  patch: Record<string, unknown>;
  patched: Record<string, unknown>;
  /** A further change, sent with the current expectedVersion. */
  touch: Record<string, unknown>;
  /** An input whose key already exists (CONFLICT). */
  existing: Record<string, unknown>;
  badCreate: Bad[];
  badPatch: Bad[];
}

/** The operations of a family keyed by its code: createX, x(code), updateX, deleteX, selecting `fields`. */
function byCode(
  type: 'Body' | 'Item' | 'Catalogue',
  fields: string,
): Pick<CrudCase, 'create' | 'read' | 'update' | 'remove' | 'keyOf'> {
  const field = type[0].toLowerCase() + type.slice(1);
  return {
    create: (input) => gql.run(`mutation($input: Create${type}Input!) { create${type}(input: $input) { ${fields} } }`, { input }),
    read: async ([code]) => (await gql.ok(`query($code: String!) { ${field}(code: $code) { ${fields} } }`, { code }))[field],
    update: ([code], input, expectedVersion) =>
      gql.run(
        `mutation($code: String!, $input: Update${type}Input!, $v: Int) { update${type}(code: $code, input: $input, expectedVersion: $v) { ${fields} } }`,
        { code, input, v: expectedVersion },
      ),
    remove: ([code]) => gql.run(`mutation($code: String!) { delete${type}(code: $code) }`, { code }),
    keyOf: (n) => [n.code],
  };
}

const CASES: CrudCase[] = [
  {
    kind: 'body',
    input: {
      code: 'T-BODY',
      name: '招远市测试服务中心',
      jurisdiction: '370685000000',
      kind: 'OTHER',
      validFrom: '2020-01-01',
      validTo: '2030-01-01',
      successor: 'FIX-DEPT',
    },
    ...byCode('Body', BODY),
    missing: ['NO-SUCH-BODY'],
    created: {
      code: 'T-BODY',
      name: '招远市测试服务中心',
      kind: 'OTHER',
      jurisdiction: { code: '370685', level: 'COUNTY' },
      parent: null,
      serves: [],
      validFrom: '2020-01-01',
      validTo: '2030-01-01',
      successor: { code: 'FIX-DEPT' },
      rowVersion: 1,
    },
    patch: { name: '招远市测试服务中心（更名）', validTo: null },
    patched: {
      code: 'T-BODY',
      name: '招远市测试服务中心（更名）',
      kind: 'OTHER',
      jurisdiction: { code: '370685', level: 'COUNTY' },
      validFrom: '2020-01-01',
      validTo: null,
      successor: { code: 'FIX-DEPT' },
      rowVersion: 2,
    },
    touch: { validTo: '2029-01-01' },
    existing: { code: 'FIX-DEPT' },
    badCreate: [
      ['a malformed jurisdiction code', { jurisdiction: '37068' }, 'input.jurisdiction', '"37068"'],
      ['a jurisdiction not in the tree', { jurisdiction: '379999' }, 'input.jurisdiction', '"379999"'],
      ['an unknown successor', { successor: 'NO-SUCH-BODY' }, 'input.successor', '"NO-SUCH-BODY"'],
      [
        'a STATIONED body with an unknown parent',
        { kind: 'STATIONED', parent: 'NO-SUCH-DEPT' },
        'input.parent',
        '"NO-SUCH-DEPT"',
      ],
      ['validTo before validFrom', { validFrom: '2020-01-01', validTo: '2019-12-31' }, 'input.validTo', '2019-12-31'],
      [
        'validTo equal to validFrom (exclusive end)',
        { validFrom: '2020-01-01', validTo: '2020-01-01' },
        'input.validTo',
        '2020-01-01',
      ],
      [
        'a township served outside its jurisdiction',
        { kind: 'STATIONED', parent: 'FIX-DEPT', serves: ['370602001'] },
        'input.serves[0]',
        '"370602001"',
      ],
      ['a code with a space', { code: 'T BODY' }, 'input.code', '"T BODY"'],
    ],
    badPatch: [
      ['validTo before the kept validFrom', { validTo: '2019-06-01' }, 'input.validTo', '2019-06-01'],
      ['a malformed jurisdiction code', { jurisdiction: '3706850' }, 'input.jurisdiction', '"3706850"'],
      ['an unknown successor', { successor: 'NO-SUCH-BODY' }, 'input.successor', '"NO-SUCH-BODY"'],
      ['null for the required name', { name: null }, 'input.name', '"name"'],
    ],
  },
  {
    kind: 'item',
    input: {
      code: 'T-ITEM',
      name: '测试事项',
      domain: '测试领域',
      category: 'INSPECTION',
      basis: ['《测试条例》第一条', '《测试办法》'],
      description: '测试说明',
    },
    ...byCode('Item', ITEM),
    missing: ['NO-SUCH-ITEM'],
    created: {
      code: 'T-ITEM',
      name: '测试事项',
      domain: '测试领域',
      category: 'INSPECTION',
      basis: ['《测试条例》第一条', '《测试办法》'],
      description: '测试说明',
      rowVersion: 1,
    },
    patch: { name: '测试事项（改）', description: null },
    patched: {
      code: 'T-ITEM',
      name: '测试事项（改）',
      domain: '测试领域',
      category: 'INSPECTION',
      basis: ['《测试条例》第一条', '《测试办法》'],
      description: null,
      rowVersion: 2,
    },
    touch: { description: '新说明' },
    existing: { code: 'FIX-ITEM-1' },
    badCreate: [
      ['a code with a space', { code: 'T ITEM' }, 'input.code', '"T ITEM"'],
      ['a blank name', { name: '   ' }, 'input.name', 'blank'],
      ['a blank citation in basis', { basis: ['《测试条例》', ' '] }, 'input.basis[1]', 'non-blank'],
    ],
    badPatch: [
      ['null for the required domain', { domain: null }, 'input.domain', '"domain"'],
      ['a blank name', { name: '' }, 'input.name', '"name"'],
    ],
  },
  {
    kind: 'catalogue',
    input: { code: 'T-CAT', name: '测试实施清单', owner: '3706', kind: 'LOCAL', validFrom: '2021-01-01', validTo: '2026-01-01' },
    ...byCode('Catalogue', CATALOGUE),
    missing: ['NO-SUCH-CAT'],
    created: {
      code: 'T-CAT',
      name: '测试实施清单',
      kind: 'LOCAL',
      owner: { code: '370600' },
      guiding: null,
      validFrom: '2021-01-01',
      validTo: '2026-01-01',
      rowVersion: 1,
    },
    patch: { name: '测试实施清单（修订）', validTo: null },
    patched: {
      code: 'T-CAT',
      name: '测试实施清单（修订）',
      kind: 'LOCAL',
      owner: { code: '370600' },
      validFrom: '2021-01-01',
      validTo: null,
      rowVersion: 2,
    },
    touch: { validTo: '2029-01-01' },
    existing: { code: 'FIX-CAT' },
    badCreate: [
      ['a malformed owner code', { owner: '3706850' }, 'input.owner', '"3706850"'],
      ['an owner not in the tree', { owner: '379900' }, 'input.owner', '"379900"'],
      ['an unknown guiding catalogue', { guiding: 'NO-SUCH-CAT' }, 'input.guiding', '"NO-SUCH-CAT"'],
      ['a guiding catalogue that is LOCAL', { guiding: 'FIX-CAT' }, 'input.guiding', '"FIX-CAT"'],
      ['validTo before validFrom', { validFrom: '2021-01-01', validTo: '2020-06-30' }, 'input.validTo', '2020-06-30'],
    ],
    badPatch: [
      ['validFrom after the kept validTo', { validFrom: '2027-01-01', validTo: '2026-01-01' }, 'input.validTo', '2027-01-01'],
      ['a malformed owner code', { owner: 'abc' }, 'input.owner', '"abc"'],
      ['an unknown guiding catalogue', { guiding: 'NO-SUCH-CAT' }, 'input.guiding', '"NO-SUCH-CAT"'],
    ],
  },
  {
    kind: 'entry',
    input: {
      item: 'FIX-ITEM-1',
      notApplicableIn: ['370685004000'],
      name: '本地名称',
      category: 'PENALTY',
      basis: ['本地依据'],
      validFrom: '2021-01-01',
    },
    create: (input) =>
      gql.run(`mutation($input: CreateEntryInput!) { createEntry(catalogueCode: "FIX-CAT", input: $input) { ${ENTRY} } }`, {
        input,
      }),
    read: async ([catalogue, item]) => {
      const d = await gql.ok(
        `query($code: String!) { catalogue(code: $code) { entries(first: 100) { edges { node { ${ENTRY} } } } } }`,
        {
          code: catalogue,
        },
      );
      return d.catalogue?.entries.edges.map((e: { node: any }) => e.node).find((n: any) => n.item.code === item) ?? null;
    },
    update: ([catalogueCode, itemCode], input, expectedVersion) =>
      gql.run(
        `mutation($c: String!, $i: String!, $input: UpdateEntryInput!, $v: Int) {
           updateEntry(catalogueCode: $c, itemCode: $i, input: $input, expectedVersion: $v) { ${ENTRY} } }`,
        { c: catalogueCode, i: itemCode, input, v: expectedVersion },
      ),
    remove: ([c, i]) => gql.run(`mutation($c: String!, $i: String!) { deleteEntry(catalogueCode: $c, itemCode: $i) }`, { c, i }),
    keyOf: (n) => [n.catalogue.code, n.item.code],
    missing: ['FIX-CAT', 'NO-SUCH-ITEM'],
    created: {
      item: { code: 'FIX-ITEM-1' },
      catalogue: { code: 'FIX-CAT' },
      name: '本地名称',
      category: 'PENALTY',
      basis: ['本地依据'],
      notApplicableIn: [{ code: '370685004' }],
      validFrom: '2021-01-01',
      validTo: null,
      rowVersion: 1,
    },
    patch: { name: null, validTo: '2025-01-01' },
    patched: {
      item: { code: 'FIX-ITEM-1' },
      name: null,
      category: 'PENALTY',
      basis: ['本地依据'],
      notApplicableIn: [{ code: '370685004' }],
      validFrom: '2021-01-01',
      validTo: '2025-01-01',
      rowVersion: 2,
    },
    touch: { basis: ['新依据'] },
    existing: { item: 'FIX-ITEM-2' },
    badCreate: [
      ['a malformed code in notApplicableIn', { notApplicableIn: ['12345'] }, 'input.notApplicableIn[0]', '"12345"'],
      ['notApplicableIn outside the catalogue owner', { notApplicableIn: ['370602'] }, 'input.notApplicableIn[0]', '"370602"'],
      ['an unknown item', { item: 'NO-SUCH-ITEM' }, 'input.item', '"NO-SUCH-ITEM"'],
      ['validTo before validFrom', { validFrom: '2021-01-01', validTo: '2020-01-01' }, 'input.validTo', '2020-01-01'],
    ],
    badPatch: [
      ['a malformed code in notApplicableIn', { notApplicableIn: ['3706850'] }, 'input.notApplicableIn[0]', '"3706850"'],
      ['validTo before the kept validFrom', { validTo: '2020-12-31' }, 'input.validTo', '2020-12-31'],
    ],
  },
  {
    kind: 'assignment',
    input: {
      item: 'FIX-ITEM-1',
      scope: '370685000000',
      body: 'FIX-DEPT',
      role: 'SUPPORTING',
      duty: '负责测试',
      validFrom: '2021-01-01',
      exceptIn: ['370685004000'],
      catalogue: 'FIX-CAT',
      basis: ['测试依据'],
      note: '备注',
    },
    create: (input) =>
      gql.run(`mutation($input: CreateAssignmentInput!) { createAssignment(input: $input) { ${ASSIGNMENT} } }`, { input }),
    read: async ([id]) => (await gql.ok(`query($id: ID!) { assignment(id: $id) { ${ASSIGNMENT} } }`, { id })).assignment,
    update: ([id], input, expectedVersion) =>
      gql.run(
        `mutation($id: ID!, $input: UpdateAssignmentInput!, $v: Int) { updateAssignment(id: $id, input: $input, expectedVersion: $v) { ${ASSIGNMENT} } }`,
        { id, input, v: expectedVersion },
      ),
    remove: ([id]) => gql.run(`mutation($id: ID!) { deleteAssignment(id: $id) }`, { id }),
    keyOf: (n) => [n.id],
    missing: ['987654321'],
    created: {
      item: { code: 'FIX-ITEM-1' },
      scope: { code: '370685' },
      body: { code: 'FIX-DEPT' },
      relative: null,
      role: 'SUPPORTING',
      duty: '负责测试',
      validFrom: '2021-01-01',
      validTo: null,
      exceptIn: [{ code: '370685004' }],
      catalogue: { code: 'FIX-CAT' },
      basis: ['测试依据'],
      note: '备注',
      rowVersion: 1,
    },
    patch: { duty: null, validTo: '2025-01-01' },
    patched: {
      item: { code: 'FIX-ITEM-1' },
      scope: { code: '370685' },
      body: { code: 'FIX-DEPT' },
      relative: null,
      role: 'SUPPORTING',
      duty: null,
      validFrom: '2021-01-01',
      validTo: '2025-01-01',
      exceptIn: [{ code: '370685004' }],
      catalogue: { code: 'FIX-CAT' },
      basis: ['测试依据'],
      note: '备注',
      rowVersion: 2,
    },
    // The fixture's natural key (item, scope, holder, role, validFrom), with another duty.
    touch: { note: '新备注' },
    existing: {
      item: 'FIX-ITEM-2',
      scope: '370685',
      body: 'FIX-DEPT',
      role: 'PRIMARY',
      validFrom: '2020-01-01',
      exceptIn: [],
      duty: '另一种表述',
    },
    badCreate: [
      ['a malformed scope', { scope: '370685000' }, 'input.scope', '"370685000"'],
      ['a scope not in the tree', { scope: '379999', exceptIn: [] }, 'input.scope', '"379999"'],
      ['an unknown body', { body: 'NO-SUCH-BODY' }, 'input.body', '"NO-SUCH-BODY"'],
      ['an unknown item', { item: 'NO-SUCH-ITEM' }, 'input.item', '"NO-SUCH-ITEM"'],
      ['an unknown catalogue', { catalogue: 'NO-SUCH-CAT' }, 'input.catalogue', '"NO-SUCH-CAT"'],
      ['validTo before validFrom', { validFrom: '2021-01-01', validTo: '2020-01-01' }, 'input.validTo', '2020-01-01'],
      ['a malformed code in exceptIn', { exceptIn: ['37068500'] }, 'input.exceptIn[0]', '"37068500"'],
      ['exceptIn not under the scope', { scope: '370685004', exceptIn: ['370685005'] }, 'input.exceptIn[0]', '"370685005"'],
      ['a scope outside the catalogue owner', { scope: '370602', exceptIn: [] }, 'input.scope', '370602'],
      ['both body and relative', { relative: 'TOWNSHIP_GOVERNMENT' }, 'input', '"relative"'],
      ['neither body nor relative', { body: null }, 'input', '"body"'],
    ],
    badPatch: [
      ['a malformed scope', { scope: 'abc' }, 'input.scope', '"abc"'],
      ['an unknown body', { body: 'NO-SUCH-BODY' }, 'input.body', '"NO-SUCH-BODY"'],
      ['validTo before the kept validFrom', { validTo: '2020-01-01' }, 'input.validTo', '2020-01-01'],
      ['adding relative beside the kept body', { relative: 'TOWNSHIP_GOVERNMENT' }, 'input', '"relative"'],
    ],
  },
];

describe.each(CASES.map((c) => [c.kind, c] as const))('%s mutations', (_kind, c) => {
  let key: Key;

  // Before the record exists, so that only the bad field can be the reason.
  it.each(c.badCreate)(
    'refuses to create with %s: BAD_USER_INPUT naming the field and quoting the value, writing nothing',
    async (_t, over, path, quoted) => {
      const e = await failsWithoutWriting(() => c.create({ ...c.input, ...over }));
      expectProblem(e, 'BAD_USER_INPUT', path, quoted);
    },
  );

  it('creates, answering and storing what was sent (aliases normalised)', async () => {
    const r = await c.create(c.input);
    expect(r.errors).toBeUndefined();
    const node = Object.values(r.data!)[0];
    expect(node).toMatchObject(c.created);
    key = c.keyOf(node);
    expect(await c.read(key)).toMatchObject(c.created);
  });

  it('refuses to create an existing key with CONFLICT, writing nothing', async () => {
    const e = await failsWithoutWriting(() => c.create({ ...c.input, ...c.existing }));
    expect(e.extensions?.code).toBe('CONFLICT');
    expect(e.message).toContain('already exists');
    // Creating the very same record twice is a conflict too.
    const again = await failsWithoutWriting(() => c.create(c.input));
    expect(again.extensions?.code).toBe('CONFLICT');
  });

  it('patches: absent fields keep their value, null clears, rowVersion increments', async () => {
    const r = await c.update(key, c.patch);
    expect(r.errors).toBeUndefined();
    expect(Object.values(r.data!)[0]).toMatchObject(c.patched);
    expect(await c.read(key)).toMatchObject(c.patched);
  });

  it.each(c.badPatch)(
    'refuses a patch with %s: BAD_USER_INPUT naming the field and quoting the value, writing nothing',
    async (_t, patch, path, quoted) => {
      const e = await failsWithoutWriting(() => c.update(key, patch));
      expectProblem(e, 'BAD_USER_INPUT', path, quoted);
    },
  );

  it('refuses a stale expectedVersion with CONFLICT and writes nothing; the current one passes', async () => {
    const current = await c.read(key);
    expect(current.rowVersion).toBe(2);
    const e = await failsWithoutWriting(() => c.update(key, c.patch, 1));
    expect(e.extensions?.code).toBe('CONFLICT');
    expect(e.message).toContain('version 2');
    expect(await c.read(key)).toEqual(current);

    const r = await c.update(key, c.touch, 2);
    expect(r.errors).toBeUndefined();
    expect((Object.values(r.data!)[0] as { rowVersion: number }).rowVersion).toBe(3);
  });

  it('answers NOT_FOUND for updating or deleting a missing one, writing nothing', async () => {
    const u = await failsWithoutWriting(() => c.update(c.missing, c.patch));
    expect(u.extensions?.code).toBe('NOT_FOUND');
    expect(u.message).toContain(c.missing[c.missing.length - 1]);
    const d = await failsWithoutWriting(() => c.remove(c.missing));
    expect(d.extensions?.code).toBe('NOT_FOUND');
    expect(d.message).toContain(c.missing[c.missing.length - 1]);
  });

  it('deletes; the record is gone and a second delete is NOT_FOUND', async () => {
    const r = await c.remove(key);
    expect(r.errors).toBeUndefined();
    expect(Object.values(r.data!)[0]).toBe(true);
    expect(await c.read(key)).toBeNull();
    const again = await failsWithoutWriting(() => c.remove(key));
    expect(again.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('assignments', () => {
  it('stores the canonical scope for an alias: "370685000000" → "370685"', async () => {
    // One malformed element in exceptIn refuses the whole create, naming the element.
    const bad = await failsWithoutWriting(() =>
      gql.run(`mutation { createAssignment(input: { item: "FIX-ITEM-1", scope: "370685000000", relative: TOWNSHIP_GOVERNMENT, role: SUPPORTING,
         exceptIn: ["370685001000", "3706850010"] }) { id } }`),
    );
    expectProblem(bad, 'BAD_USER_INPUT', 'input.exceptIn[1]', '"3706850010"');
    const ok = await gql.ok(
      `mutation { createAssignment(input: { item: "FIX-ITEM-1", scope: "370685000000", relative: TOWNSHIP_GOVERNMENT, role: SUPPORTING,
         exceptIn: ["370685001000"] }) { id scope { code } body { code } relative exceptIn { code } } }`,
    );
    expect(ok.createAssignment).toMatchObject({
      scope: { code: '370685' },
      body: null,
      relative: 'TOWNSHIP_GOVERNMENT',
      exceptIn: [{ code: '370685001' }],
    });
    const [row] = await t.db.query<{ scope_code: string; except_in: string[] }>(
      'select scope_code, except_in from assignment where id = $1',
      [ok.createAssignment.id],
    );
    expect(row).toEqual({ scope_code: '370685', except_in: ['370685001'] });
    await gql.ok(`mutation($id: ID!) { deleteAssignment(id: $id) }`, { id: ok.createAssignment.id });
  });

  it('switches the holder from body to relative with a patch (null clears the body)', async () => {
    const c = await gql.ok(
      `mutation { createAssignment(input: { item: "FIX-ITEM-1", scope: "370685", body: "FIX-DEPT", role: SUPERVISING }) { id rowVersion } }`,
    );
    const u = await gql.ok(
      `mutation($id: ID!) { updateAssignment(id: $id, input: { body: null, relative: TOWNSHIP_GOVERNMENT }) { body { code } relative rowVersion } }`,
      {
        id: c.createAssignment.id,
      },
    );
    expect(u.updateAssignment).toEqual({ body: null, relative: 'TOWNSHIP_GOVERNMENT', rowVersion: 2 });
    await gql.ok(`mutation($id: ID!) { deleteAssignment(id: $id) }`, { id: c.createAssignment.id });
  });

  it('refuses a patch that gives an assignment the natural key of another with CONFLICT, writing nothing', async () => {
    const c = await gql.ok(
      `mutation { createAssignment(input: { item: "FIX-ITEM-2", scope: "370685", body: "FIX-DEPT", role: SUPPORTING, validFrom: "2020-01-01" }) { id } }`,
    );
    // The fixture holds (FIX-ITEM-2, 370685, FIX-DEPT, PRIMARY, 2020-01-01).
    const e = await failsWithoutWriting(() =>
      gql.run(`mutation($id: ID!) { updateAssignment(id: $id, input: { role: PRIMARY }) { id } }`, { id: c.createAssignment.id }),
    );
    expect(e.extensions?.code).toBe('CONFLICT');
    expect(e.message).toContain('FIX-ITEM-2');
    await gql.ok(`mutation($id: ID!) { deleteAssignment(id: $id) }`, { id: c.createAssignment.id });
  });

  it('answers NOT_FOUND for an id that is not a number', async () => {
    const e = await failsWithoutWriting(() => gql.run(`mutation { deleteAssignment(id: "abc") }`));
    expect(e.extensions?.code).toBe('NOT_FOUND');
    expect(e.message).toContain('"abc"');
  });
});

describe('entries', () => {
  it('answers NOT_FOUND when the catalogue does not exist, writing nothing', async () => {
    const e = await failsWithoutWriting(() =>
      gql.run(`mutation { createEntry(catalogueCode: "NO-SUCH-CAT", input: { item: "FIX-ITEM-1" }) { rowVersion } }`),
    );
    expect(e.extensions?.code).toBe('NOT_FOUND');
    expect(e.message).toContain('"NO-SUCH-CAT"');
  });
});

describe('deleting what is still referenced', () => {
  it('refuses to delete a body still used by an assignment (CONFLICT naming what references it)', async () => {
    const e = await failsWithoutWriting(() => gql.run(`mutation { deleteBody(code: "FIX-DEPT") }`));
    expect(e.extensions?.code).toBe('CONFLICT');
    expect(e.message).toContain('"FIX-DEPT"');
    const [{ n }] = await t.db.query<{ n: number }>(`select count(*)::int as n from assignment where body_code = 'FIX-DEPT'`);
    expect(n).toBeGreaterThan(0);
    expect(e.message).toContain(`${n} assignment`);
    expect((await gql.ok(`{ body(code: "FIX-DEPT") { code } }`)).body).toEqual({ code: 'FIX-DEPT' });
  });

  it('refuses to delete a department still named as a successor', async () => {
    await gql.ok(
      `mutation { createBody(input: { code: "NEW-DEPT", name: "新局", jurisdiction: "370685", kind: DEPARTMENT }) { code } }`,
    );
    await gql.ok(
      `mutation { createBody(input: { code: "OLD-DEPT", name: "旧局", jurisdiction: "370685", kind: DEPARTMENT, validTo: "2019-01-01", successor: "NEW-DEPT" }) { code } }`,
    );
    const e = await failsWithoutWriting(() => gql.run(`mutation { deleteBody(code: "NEW-DEPT") }`));
    expect(e.extensions?.code).toBe('CONFLICT');
    expect(e.message).toContain('successor');
    await gql.ok(`mutation { deleteBody(code: "OLD-DEPT") }`);
    await gql.ok(`mutation { deleteBody(code: "NEW-DEPT") }`);
  });

  it('refuses to delete a GOVERNMENT body', async () => {
    const e = await failsWithoutWriting(() => gql.run(`mutation { deleteBody(code: "370685004-GOV") }`));
    expect(e.extensions?.code).toBe('CONFLICT');
    expect(e.message).toContain('"370685004-GOV"');
    expect(e.message).toContain('GOVERNMENT');
    expect((await gql.ok(`{ body(code: "370685004-GOV") { kind } }`)).body).toEqual({ kind: 'GOVERNMENT' });
  });

  it('refuses to create a second government or a GOVERNMENT body under another code', async () => {
    const dup = await failsWithoutWriting(() =>
      gql.run(
        `mutation { createBody(input: { code: "370685004-GOV", name: "温泉街道办事处", jurisdiction: "370685004", kind: GOVERNMENT }) { code } }`,
      ),
    );
    expect(dup.extensions?.code).toBe('CONFLICT');
    const wrong = await failsWithoutWriting(() =>
      gql.run(
        `mutation { createBody(input: { code: "WQ-GOV-2", name: "温泉街道办事处", jurisdiction: "370685004", kind: GOVERNMENT }) { code } }`,
      ),
    );
    expectProblem(wrong, 'BAD_USER_INPUT', 'input.code', '"370685004-GOV"');
  });

  it('refuses to delete an item still listed or assigned, naming both', async () => {
    const e = await failsWithoutWriting(() => gql.run(`mutation { deleteItem(code: "FIX-ITEM-2") }`));
    expect(e.extensions?.code).toBe('CONFLICT');
    expect(e.message).toContain('catalogue entry');
    expect(e.message).toContain('assignment');
  });

  it('refuses to delete a catalogue its assignments still name, unless cascadeAssignments', async () => {
    const report = await importDocument(t.db, {
      format: 'shudi-catalogue/1',
      catalogues: [{ code: 'CASC-CAT', name: '级联测试清单', owner: '370685', kind: 'LOCAL', entries: [{ item: 'FIX-ITEM-1' }] }],
      assignments: [
        { item: 'FIX-ITEM-1', scope: '370685001', relative: 'TOWNSHIP_GOVERNMENT', role: 'PRIMARY', catalogue: 'CASC-CAT' },
      ],
    });
    expect(report.problems).toEqual([]);
    const e = await failsWithoutWriting(() => gql.run(`mutation { deleteCatalogue(code: "CASC-CAT") }`));
    expect(e.extensions?.code).toBe('CONFLICT');
    expect(e.message).toMatch(/1 assignment/);
    expect((await gql.ok(`mutation { deleteCatalogue(code: "CASC-CAT", cascadeAssignments: true) }`)).deleteCatalogue).toBe(true);
    const left = await t.db.query<{ n: number }>(
      `select (select count(*) from catalogue_entry where catalogue_code = 'CASC-CAT') + (select count(*) from assignment where catalogue_code = 'CASC-CAT')
              + (select count(*) from catalogue where code = 'CASC-CAT') as n`,
    );
    expect(Number(left[0].n)).toBe(0);
  });
});
