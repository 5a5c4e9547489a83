import type { Principal } from '../../src/modules/access/access.rules';
import { exportDocument } from '../../src/modules/exchange/export.service';
import { importDocument } from '../../src/modules/exchange/import.service';
import type { TestDatabase } from '../helpers/db';
import { graphqlClient, type GqlClient } from '../helpers/graphql';
import { fingerprint } from '../helpers/fingerprint';
import { FIXTURE, PRINCIPALS } from './fixture';
import { importClean, openSeeded, closeAll } from '../helpers/setup';

/**
 * What "inside the caller's scope" means, record by record: imports refused whole when one record is
 * outside, stored row and new values both checked, assignments that reach above the scope, lists owned
 * elsewhere, national items used by other jurisdictions, and scopes that are a city or a township.
 */

let t: TestDatabase;
let gql: GqlClient;
const { EDITOR, ADMIN } = PRINCIPALS;

beforeAll(async () => {
  t = await openSeeded(FIXTURE);
  // a provincial list, empty for now (see "items")
  const provincial = { code: 'PROV-CAT', name: '山东省指导目录', owner: '370000', kind: 'GUIDING', entries: [] };
  await importClean(t.db, { format: 'shudi-catalogue/1', catalogues: [provincial] });
  gql = await graphqlClient(t.db);
});
afterAll(() => closeAll(gql, t));

const IMPORT = `mutation($d: JSON!, $dry: Boolean) { importCatalogue(document: $d, dryRun: $dry) {
  dryRun created updated unchanged problems { path code message } } }`;

/** Runs `op` and checks that it wrote nothing at all; returns its result. */
async function writesNothing<T>(op: () => Promise<T>): Promise<T> {
  const before = await fingerprint(t.db);
  const r = await op();
  expect(await fingerprint(t.db)).toEqual(before);
  return r;
}

describe('imports, record by record', () => {
  const doc = {
    format: 'shudi-catalogue/1',
    bodies: [
      { code: 'NEW-1', name: '招远市新机构一', jurisdiction: '370685', kind: 'OTHER' },
      { code: 'NEW-2', name: '招远市新机构二', jurisdiction: '370685101', kind: 'OTHER' },
    ],
    items: [{ code: 'NEW-ITEM', name: '新事项', domain: '测试', category: 'TERRITORIAL' }],
    catalogues: [
      {
        code: 'IN-CAT',
        name: '招远市测试清单',
        owner: '370685',
        kind: 'LOCAL',
        validFrom: '2020-01-01',
        entries: [{ item: 'NEW-ITEM' }],
      },
    ],
    assignments: [
      { item: 'NEW-ITEM', scope: '370685', body: 'NEW-1', role: 'PRIMARY', duty: '主责', catalogue: 'IN-CAT' },
      { item: 'NEW-ITEM', scope: '370683', body: 'OUT-DEPT', role: 'SUPPORTING', duty: '越界配合' },
    ],
  };

  it('imports nothing when one record lies outside the scope, naming it with its path and FORBIDDEN', async () => {
    const r: any = await writesNothing(() => gql.run(IMPORT, { d: doc }, EDITOR));
    expect(r.errors).toBeUndefined();
    expect(r.data.importCatalogue).toMatchObject({ dryRun: false, created: 0, updated: 0, unchanged: 0 });
    expect(r.data.importCatalogue.problems).toEqual([
      { path: 'assignments[1]', code: 'FORBIDDEN', message: expect.stringContaining('370683 莱州市') },
    ]);
    expect(r.data.importCatalogue.problems[0].message).toContain('370685 招远市');
  });

  it('a dry run predicts the same refusal', async () => {
    const r: any = await writesNothing(() => gql.run(IMPORT, { d: doc, dry: true }, EDITOR));
    expect(r.data.importCatalogue).toMatchObject({ dryRun: true, created: 6 });
    expect(r.data.importCatalogue.problems).toEqual([{ path: 'assignments[1]', code: 'FORBIDDEN', message: expect.any(String) }]);
  });

  it('imports the same document without the outside record', async () => {
    const inside = { ...doc, assignments: doc.assignments.slice(0, 1) };
    const r: any = await gql.run(IMPORT, { d: inside }, EDITOR);
    expect(r.data.importCatalogue).toMatchObject({ created: 5, problems: [] });
  });

  it('refuses each outside record of a larger document, and lists invalid ones beside them', async () => {
    const bad = {
      format: 'shudi-catalogue/1',
      bodies: [
        { code: 'X-1', name: '莱州市机构', jurisdiction: '370683', kind: 'OTHER' },
        {
          code: 'X-2',
          name: '招远市机构',
          jurisdiction: '370685',
          kind: 'OTHER',
          validFrom: '2025-01-01',
          validTo: '2024-01-01',
        },
        { code: 'X-3', name: '烟台市机构', jurisdiction: '3706', kind: 'OTHER' },
      ],
    };
    const r: any = await writesNothing(() => gql.run(IMPORT, { d: bad }, EDITOR));
    const problems = r.data.importCatalogue.problems as { path: string; code: string | null }[];
    expect(problems.filter((p) => p.code === 'FORBIDDEN').map((p) => p.path)).toEqual(['bodies[0]', 'bodies[2]']);
    expect(problems.some((p) => p.path.startsWith('bodies[1]') && p.code === null)).toBe(true);
  });

  it("lets an EDITOR re-import its own county's export: unchanged records outside the scope are not writes", async () => {
    const exported = await exportDocument(t.db, '370685');
    expect(JSON.stringify(exported)).toContain('SHARED-ITEM'); // a national item other lists use
    const r: any = await writesNothing(() => gql.run(IMPORT, { d: exported }, EDITOR));
    expect(r.data.importCatalogue).toMatchObject({ created: 0, updated: 0, problems: [] });
  });
});

describe('updates check the stored row and the new values', () => {
  const UPDATE_BODY = `mutation($c: String!, $i: UpdateBodyInput!) { updateBody(code: $c, input: $i) { code jurisdiction { code } } }`;

  it('refuses moving a body out of the scope', async () => {
    const r = await writesNothing(() => gql.run(UPDATE_BODY, { c: 'IN-DEPT', i: { jurisdiction: '370683' } }, EDITOR));
    expect(r.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ACCESS_FORBIDDEN' });
    expect(r.errors![0].message).toContain('IN-DEPT');
    expect(r.errors![0].message).toContain('370683 莱州市');
  });

  it('refuses moving a body in from outside', async () => {
    const r = await writesNothing(() => gql.run(UPDATE_BODY, { c: 'OUT-DEPT', i: { jurisdiction: '370685' } }, EDITOR));
    expect(r.errors![0].extensions?.code).toBe('FORBIDDEN');
  });

  it('allows moving within the scope, and an ADMIN anywhere', async () => {
    expect((await gql.run(UPDATE_BODY, { c: 'IN-DEPT', i: { jurisdiction: '370685101' } }, EDITOR)).errors).toBeUndefined();
    expect((await gql.run(UPDATE_BODY, { c: 'IN-DEPT', i: { jurisdiction: '370685' } }, ADMIN)).errors).toBeUndefined();
  });

  it('refuses moving a catalogue to another owner', async () => {
    const r = await writesNothing(() =>
      gql.run(`mutation { updateCatalogue(code: "IN-CAT", input: { owner: "370600" }) { code } }`, {}, EDITOR),
    );
    expect(r.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(r.errors![0].message).toContain('370600 烟台市');
  });
});

describe('assignments', () => {
  const CREATE = `mutation($i: CreateAssignmentInput!) { createAssignment(input: $i) { id } }`;

  it('cannot reach above the scope (a 370000 assignment from a 370685 token)', async () => {
    const r = await writesNothing(() =>
      gql.run(CREATE, { i: { item: 'IN-ITEM', scope: '37', body: 'IN-DEPT', role: 'SUPPORTING', duty: '全省配合' } }, EDITOR),
    );
    expect(r.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(r.errors![0].message).toMatch(/370000 山东省.*370685 招远市/);
  });

  it("cannot be published in another jurisdiction's list, even with a scope inside", async () => {
    const r = await writesNothing(() =>
      gql.run(
        CREATE,
        { i: { item: 'IN-ITEM', scope: '370685', body: 'IN-DEPT', role: 'SUPPORTING', duty: '配合', catalogue: 'PROV-CAT' } },
        EDITOR,
      ),
    );
    expect(r.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(r.errors![0].message).toContain('catalogue PROV-CAT');
  });

  it('cannot be moved outside by an update', async () => {
    const [{ id }] = await t.db.query<{ id: string }>(
      `select id::text from assignment where item_code = 'IN-ITEM' and scope_code = '370685'`,
    );
    const r = await writesNothing(() =>
      gql.run(`mutation($id: ID!) { updateAssignment(id: $id, input: { scope: "370600" }) { id } }`, { id }, EDITOR),
    );
    expect(r.errors![0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('items (national records)', () => {
  const UPDATE_ITEM = `mutation($c: String!) { updateItem(code: $c, input: { description: "改" }) { code } }`;

  it('lets an EDITOR create an item and change one only its own lists use', async () => {
    expect(
      (
        await gql.run(
          `mutation { createItem(input: { code: "MY-ITEM", name: "本县事项", domain: "测试", category: TERRITORIAL }) { code } }`,
          {},
          EDITOR,
        )
      ).errors,
    ).toBeUndefined();
    expect((await gql.run(UPDATE_ITEM, { c: 'MY-ITEM' }, EDITOR)).errors).toBeUndefined();
    expect((await gql.run(UPDATE_ITEM, { c: 'IN-ITEM' }, EDITOR)).errors).toBeUndefined();
  });

  it("refuses changing or deleting an item other jurisdictions' lists use (ADMIN only)", async () => {
    const r = await writesNothing(() => gql.run(UPDATE_ITEM, { c: 'SHARED-ITEM' }, EDITOR));
    expect(r.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(r.errors![0].message).toMatch(/370683 莱州市.*OUT-CAT.*ADMIN/);
    const del = await writesNothing(() => gql.run(`mutation { deleteItem(code: "SHARED-ITEM") }`, {}, EDITOR));
    expect(del.errors![0].extensions?.code).toBe('FORBIDDEN'); // not CONFLICT: the caller may not, whatever refers to it
    expect((await gql.run(UPDATE_ITEM, { c: 'SHARED-ITEM' }, ADMIN)).errors).toBeUndefined();
  });

  it('counts a use by an ancestor (the province listing the item) as outside', async () => {
    await importDocument(t.db, {
      format: 'shudi-catalogue/1',
      catalogues: [
        { code: 'PROV-CAT', name: '山东省指导目录', owner: '370000', kind: 'GUIDING', entries: [{ item: 'IN-ITEM' }] },
      ],
    });
    const r = await writesNothing(() =>
      gql.run(
        IMPORT,
        {
          d: { format: 'shudi-catalogue/1', items: [{ code: 'IN-ITEM', name: '改名', domain: '测试', category: 'TERRITORIAL' }] },
        },
        EDITOR,
      ),
    );
    expect((r.data as any).importCatalogue.problems).toEqual([
      { path: 'items[0]', code: 'FORBIDDEN', message: expect.stringContaining('370000 山东省') },
    ]);
  });
});

describe('scopes of other sizes', () => {
  const rename = (code: string, p: Principal) =>
    gql.run(`mutation($c: String!) { updateBody(code: $c, input: { name: "改名" }) { code } }`, { c: code }, p);

  it('a city scope covers its counties', async () => {
    const city: Principal = { subject: '烟台市委编办', role: 'EDITOR', scope: '370600' };
    expect((await rename('IN-DEPT', city)).errors).toBeUndefined();
    expect((await rename('OUT-DEPT', city)).errors).toBeUndefined();
  });

  it('a township scope does not cover its county', async () => {
    const township: Principal = { subject: '温泉街道', role: 'EDITOR', scope: '370685004' };
    const r = await writesNothing(() => rename('IN-DEPT', township));
    expect(r.errors![0].extensions?.code).toBe('FORBIDDEN');
  });
});
