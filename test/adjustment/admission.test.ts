import type { DbSettings } from '../../src/db/database';
import type { Principal } from '../../src/modules/access/access.rules';
import { importDocument } from '../../src/modules/exchange/import.service';
import { loadConfig } from '../../src/config';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demo, graphqlClient } from '../helpers/graphql';

/**
 * SPEC §10 admission (准入) enforced: with SHUDI_ADMISSION=required a department's EDITOR may not hand a
 * township a duty outside its lists directly (UNLISTED_TOWNSHIP_DUTY / DUTY_NOT_LISTED); advisory, the
 * default, only flags. The refusal names the item and township and points to the admission request.
 */

let t: TestDatabase;
let gql: Awaited<ReturnType<typeof graphqlClient>>;

const LIST = '370685-TER-2020';
const TOWNSHIP = '370685004';
const ITEM = 'ZY-GAS';
const EDITOR: Principal = { subject: '应急管理局清单编辑', role: 'EDITOR', scope: '370685' };
const REVIEWER: Principal = { subject: '招远市委编办', role: 'REVIEWER', scope: '370685' };
const duty = (n: number) => ({
  item: ITEM,
  scope: TOWNSHIP,
  relative: 'TOWNSHIP_GOVERNMENT',
  role: 'SUPPORTING',
  duty: `配合燃气安全巡查${n}`,
  catalogue: LIST,
  validFrom: `2027-0${n}-01`,
});
const CREATE = `mutation($i: CreateAssignmentInput!) { createAssignment(input: $i, reason: "部门交办") { id duty } }`;
/** What a refused write must leave as it was: the assignments and the change feed. */
const fingerprint = (db: TestDatabase['db']) =>
  db.query(`select (select count(*) from assignment) as assignments,
                   (select md5(coalesce(string_agg(a::text, '|' order by a.id), '')) from assignment a) as content,
                   (select coalesce(max(id), 0) from change) as feed`);
const mode = (admission: 'advisory' | 'required') => ((t.db.settings as DbSettings).admission = admission);

beforeAll(async () => {
  t = await openTestDatabase();
  const doc = demo();
  // an item nobody lists for the 街道
  doc.items.push({ code: ITEM, name: '燃气安全巡查', domain: '安全生产', category: 'TERRITORIAL' });
  expect((await importDocument(t.db, doc)).problems).toEqual([]);
  gql = await graphqlClient(t.db);
});
afterAll(async () => {
  mode('advisory');
  await gql?.stop();
  await t?.close();
});

describe('SHUDI_ADMISSION', () => {
  it('is advisory by default and validated', () => {
    expect(loadConfig({}).admission).toBe('advisory');
    expect(loadConfig({ SHUDI_ADMISSION: 'required' }).admission).toBe('required');
    expect(() => loadConfig({ SHUDI_ADMISSION: 'strict' })).toThrow('SHUDI_ADMISSION="strict" is not one of advisory, required');
  });

  it('required: an EDITOR’s direct township duty outside its lists is refused, naming item and township; nothing is written', async () => {
    mode('required');
    const before = await fingerprint(t.db);
    const r = await gql.run(CREATE, { i: duty(1) }, EDITOR);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const message = r.errors![0].message;
    expect(message).toContain(ITEM);
    expect(message).toContain(`${TOWNSHIP} 温泉街道`);
    expect(message).toContain('准入申请');
    expect(message).toContain('admission request');
    expect(message).toContain('createAdjustment');
    expect(await fingerprint(t.db)).toEqual(before);
    // an import by an EDITOR is refused the same way
    const imported = await importDocument(
      t.db,
      { format: 'shudi-catalogue/1', assignments: [duty(2)] },
      { principal: EDITOR },
    ).catch((e: Error) => e);
    expect(String((imported as Error).message ?? JSON.stringify(imported))).toContain(ITEM);
    expect(await fingerprint(t.db)).toEqual(before);
  });

  it('required: a duty inside the lists, a county-level holder, or a reviewer’s write is not refused', async () => {
    mode('required');
    const county = { ...duty(3), relative: undefined, body: '370685-STHJ', role: 'PRIMARY' };
    expect((await gql.run(CREATE, { i: county }, EDITOR)).errors).toBeUndefined();
    const listed = { ...duty(4), item: demo().catalogues[0].entries[0].item };
    expect((await gql.run(CREATE, { i: listed }, EDITOR)).errors).toBeUndefined();
    const byReviewer = await gql.run(CREATE, { i: duty(5) }, REVIEWER);
    expect(byReviewer.errors).toBeUndefined();
    // fixing the wording of a duty already there gives nothing new
    const fix = await gql.run(
      `mutation($id: ID!) { updateAssignment(id: $id, input: { duty: "配合燃气安全巡查（修订）" }) { duty } }`,
      { id: byReviewer.data.createAssignment.id },
      EDITOR,
    );
    expect(fix.errors).toBeUndefined();
  });

  it('advisory: the same write is accepted and flagged', async () => {
    mode('advisory');
    const r = await gql.run(CREATE, { i: duty(6) }, EDITOR);
    expect(r.errors).toBeUndefined();
    const flags = (await gql.ok(
      `{ responsibilityFlags(scopeCode: "${TOWNSHIP}", itemCode: "${ITEM}", kinds: [UNLISTED_TOWNSHIP_DUTY], asOf: "2027-06-02", first: 5) { totalCount } }`,
    )) as any;
    expect(flags.responsibilityFlags.totalCount).toBe(1);
  });
});
