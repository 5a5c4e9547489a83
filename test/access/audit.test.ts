import type { TestDatabase } from '../helpers/db';
import { AS_OF, FIXTURE, PRINCIPALS } from './fixture';
import { openSeededGraphql, closeAll } from '../helpers/setup';
import { type GqlClient } from '../helpers/graphql';

/**
 * Audit (审计): every write records the token's subject as actor and the reason given, whatever the path
 * (mutation, import, delete, acknowledgement, version); `changes(scopeCode, from, to, actor)` answers
 * "who changed what in this county between these dates".
 */

let t: TestDatabase;
let gql: GqlClient;
const { EDITOR, REVIEWER } = PRINCIPALS;
const OTHER = { subject: '莱州市委编办', role: 'REVIEWER' as const, scope: '370683' };

beforeAll(async () => {
  ({ t, gql } = await openSeededGraphql([FIXTURE]));
});
afterAll(() => closeAll(gql, t));

interface ChangeRow {
  id: string;
  entity: string;
  key: string;
  operation: string;
  actor: string | null;
  reason: string | null;
}
const changesSince = (id: string) =>
  t.db.query<ChangeRow>(`select id::text, entity, key, operation, actor, reason from change where id > $1 order by id`, [id]);
const lastId = async () => (await t.db.query<{ id: string }>(`select coalesce(max(id), 0)::text as id from change`))[0].id;

/** Runs a write as `p` and returns the change records it made. */
async function recorded(p: typeof EDITOR, query: string, variables?: Record<string, unknown>): Promise<ChangeRow[]> {
  const since = await lastId();
  const r = await gql.run(query, variables, p);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return changesSince(since);
}

describe('actor and reason in the change record', () => {
  it('a mutation', async () => {
    const rows = await recorded(
      EDITOR,
      `mutation { updateBody(code: "IN-DEPT", input: { name: "招远市测试局（新）" }, reason: "更名") { code } }`,
    );
    expect(rows).toEqual([
      expect.objectContaining({ entity: 'body', key: 'IN-DEPT', operation: 'UPDATE', actor: '招远市清单编辑', reason: '更名' }),
    ]);
  });

  it('an import: every record it writes', async () => {
    const doc = {
      format: 'shudi-catalogue/1',
      bodies: [{ code: 'AUD-1', name: '招远市审计机构', jurisdiction: '370685', kind: 'OTHER' }],
      items: [{ code: 'AUD-ITEM', name: '审计事项', domain: '测试', category: 'TERRITORIAL' }],
    };
    const rows = await recorded(EDITOR, `mutation($d: JSON!) { importCatalogue(document: $d, reason: "年度调整") { created } }`, {
      d: doc,
    });
    expect(rows.map((r) => [r.entity, r.key, r.actor, r.reason])).toEqual([
      ['body', 'AUD-1', '招远市清单编辑', '年度调整'],
      ['item', 'AUD-ITEM', '招远市清单编辑', '年度调整'],
    ]);
  });

  it('a delete', async () => {
    const rows = await recorded(EDITOR, `mutation { deleteBody(code: "AUD-1", reason: "撤销") }`);
    expect(rows).toEqual([expect.objectContaining({ operation: 'DELETE', actor: '招远市清单编辑', reason: '撤销' })]);
  });

  it('an acknowledgement: in the change record and on the acknowledgement itself', async () => {
    const rows = await recorded(
      REVIEWER,
      `mutation { acknowledgeFlag(kind: OVERLAP_COUNTY_TOWNSHIP, itemCode: "IN-ITEM", jurisdictionCode: "370685004", reason: "街道试点", asOf: "${AS_OF}") { kind } }`,
    );
    expect(rows).toEqual([expect.objectContaining({ entity: 'acknowledgement', actor: '招远市委编办', reason: '街道试点' })]);
    const d: any = await gql.ok(
      `{ responsibleChain(itemCode: "IN-ITEM", jurisdictionCode: "370685004", asOf: "${AS_OF}") { flagDetails { kind acknowledgement { actor reason } } } }`,
    );
    expect(d.responsibleChain.flagDetails).toContainEqual({
      kind: 'OVERLAP_COUNTY_TOWNSHIP',
      acknowledgement: { actor: '招远市委编办', reason: '街道试点' },
    });
  });

  it('a published version', async () => {
    const rows = await recorded(
      REVIEWER,
      `mutation { publishCatalogue(code: "IN-CAT", note: "2024年动态调整") { version actor } }`,
    );
    expect(rows).toEqual([expect.objectContaining({ entity: 'version', actor: '招远市委编办', reason: '2024年动态调整' })]);
    const d: any = await gql.ok(`{ catalogue(code: "IN-CAT") { versions { version actor note } } }`);
    expect(d.catalogue.versions).toEqual([{ version: 1, actor: '招远市委编办', note: '2024年动态调整' }]);
  });
});

describe('the audit query: who changed what in a scope between two dates', () => {
  const AUDIT = `query($scope: String, $from: String, $to: String, $actor: String, $after: String) {
    changes(scopeCode: $scope, from: $from, to: $to, actor: $actor, first: 100, after: $after) {
      edges { node { entity key operation at actor reason scope { code } } } pageInfo { hasNextPage endCursor } } }`;
  const audit = async (vars: Record<string, unknown>) =>
    ((await gql.ok(AUDIT, vars)) as any).changes.edges.map((e: any) => e.node) as {
      entity: string;
      key: string;
      at: string;
      actor: string;
      reason: string;
      scope: { code: string } | null;
    }[];

  beforeAll(async () => {
    // January 2025: 招远 and 莱州 each edit their own department; February: 招远 again
    const jan = await lastId();
    await recorded(EDITOR, `mutation { updateBody(code: "IN-DEPT", input: { name: "招远一月" }, reason: "一月调整") { code } }`);
    await recorded(OTHER, `mutation { updateBody(code: "OUT-DEPT", input: { name: "莱州一月" }, reason: "一月调整") { code } }`);
    await recorded(
      REVIEWER,
      `mutation { updateBody(code: "370685004-GOV", input: { name: "温泉街道办事处（一月）" }, reason: "一月") { code } }`,
    );
    await t.db.query(`update change set at = '2025-01-15T10:00:00+08:00' where id > $1`, [jan]);
    const feb = await lastId();
    await recorded(EDITOR, `mutation { updateBody(code: "IN-DEPT", input: { name: "招远二月" }, reason: "二月调整") { code } }`);
    await t.db.query(`update change set at = '2025-02-10T10:00:00+08:00' where id > $1`, [feb]);
  });

  it('lists the changes inside the scope and the dates, with actor and reason', async () => {
    const rows = await audit({ scope: '370685', from: '2025-01-01', to: '2025-02-01' });
    expect(rows.map((r) => [r.key, r.actor, r.reason, r.scope?.code])).toEqual([
      ['IN-DEPT', '招远市清单编辑', '一月调整', '370685'],
      ['370685004-GOV', '招远市委编办', '一月', '370685004'],
    ]);
    expect(rows.every((r) => r.at.startsWith('2025-01-15'))).toBe(true);
  });

  it('a township scope sees only its own records; another county sees only its own', async () => {
    expect((await audit({ scope: '370685004', from: '2025-01-01', to: '2025-03-01' })).map((r) => r.key)).toEqual([
      '370685004-GOV',
    ]);
    expect((await audit({ scope: '370683', from: '2025-01-01', to: '2025-03-01' })).map((r) => [r.key, r.actor])).toEqual([
      ['OUT-DEPT', '莱州市委编办'],
    ]);
  });

  it('filters by actor, and by date-times (from inclusive, to exclusive)', async () => {
    const byEditor = await audit({ scope: '370685', actor: '招远市清单编辑', from: '2025-01-01', to: '2025-03-01' });
    expect(byEditor.map((r) => r.reason)).toEqual(['一月调整', '二月调整']);
    expect(await audit({ scope: '370685', from: '2025-01-15T10:00:00+08:00', to: '2025-01-15T10:00:00+08:00' })).toEqual([]);
    expect(await audit({ scope: '370685', from: '2025-02-10T02:00:00Z', to: '2025-02-10T02:00:01Z' })).toHaveLength(1);
  });

  it("includes national records (items) in every scope's audit", async () => {
    const since = await lastId();
    await recorded(
      OTHER,
      `mutation { updateItem(code: "OUT-ITEM", input: { description: "莱州说明" }, reason: "说明") { code } }`,
    );
    await t.db.query(`update change set at = '2025-01-20T10:00:00+08:00' where id > $1`, [since]);
    const rows = await audit({ scope: '370685', from: '2025-01-01', to: '2025-02-01' });
    expect(rows.map((r) => [r.entity, r.key, r.actor, r.scope])).toContainEqual(['item', 'OUT-ITEM', '莱州市委编办', null]);
  });
});
