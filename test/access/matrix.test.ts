import { buildShudiSchema } from '../../src/schema';
import { atLeast, type Principal, type AccessRole } from '../../src/modules/access/access.rules';
import { importDocument } from '../../src/modules/exchange/import.service';
import { acknowledgeFlag } from '../../src/modules/resolution/acknowledgement.service';
import * as adjustments from '../../src/modules/adjustment/adjustment.service';
import * as disputes from '../../src/modules/dispute/dispute.service';
import * as calls from '../../src/modules/call/call.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { graphqlClient, type GqlResult, type GqlClient } from '../helpers/graphql';
import { fingerprint } from '../helpers/fingerprint';
import { AS_OF, FIXTURE, PRINCIPALS } from './fixture';
import { importClean, closeAll } from '../helpers/setup';

/**
 * The authorization matrix: every mutation of the built schema × every role × a target inside the
 * caller's scope (招远市 370685) and one outside it (莱州市 370683). Each case is allowed (and recorded with
 * the caller as actor) or refused with UNAUTHENTICATED / FORBIDDEN — and then nothing at all is written.
 * A mutation added to the schema without a row here fails the first test.
 */

let t: TestDatabase;
let gql: GqlClient;

beforeAll(async () => {
  t = await openTestDatabase();
  await t.db.query('analyze');
  await importClean(t.db, FIXTURE);
  gql = await graphqlClient(t.db);
});
afterAll(() => closeAll(gql, t));

interface Op {
  query: string;
  variables?: Record<string, unknown>;
}
type Make = (n: number) => Op | Promise<Op>;
interface Row {
  /** The least role allowed (inside the scope). */
  min: AccessRole;
  inside: Make;
  /** null: the mutation has no outside (creating a national item touches no place; see scope.test.ts for items). */
  outside: Make | null;
  /** When the answer does not follow from role and scope (a consulted body answers by its own name). */
  expect?: (p: Principal, where: 'inside' | 'outside') => string;
}

const place = (where: 'in' | 'out') => (where === 'in' ? '370685' : '370683');
const tag = (where: 'in' | 'out') => (where === 'in' ? 'IN' : 'OUT');
/** The fingerprint while nothing has been written since it was taken (refused cases in a row share it). */
let known: Record<string, string> | null = null;

/** Records made for one case, as the system (no principal), before the case runs. */
async function given(doc: Record<string, unknown>): Promise<void> {
  known = null;
  const r = await importDocument(t.db, { format: 'shudi-catalogue/1', ...doc });
  expect(r.problems).toEqual([]);
}
const assignmentId = async (item: string, scope: string, body: string, validFrom: string) =>
  (
    await t.db.query<{ id: string }>(
      'select id::text from assignment where item_code = $1 and scope_code = $2 and body_code = $3 and valid_from = $4',
      [item, scope, body, validFrom],
    )
  )[0].id;
/** An empowerment of the IN or OUT item over its county, made as the system; its id. */
async function empowermentIn(w: 'in' | 'out', n: number): Promise<string> {
  const m = { item: `${tag(w)}-ITEM`, scope: place(w), mode: 'ENTRUSTED', validFrom: day(n) };
  await given({ empowerments: [m] });
  const [row] = await t.db.query<{ id: string }>(
    'select id::text from empowerment where item_code = $1 and scope_code = $2 and mode = $3 and valid_from = $4',
    [m.item, m.scope, m.mode, m.validFrom],
  );
  return row.id;
}
/** A distinct date per case, so natural keys never collide. */
const day = (n: number) => new Date(Date.UTC(2031, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const flagOf = (w: 'in' | 'out') => ({
  kind: 'OVERLAP_COUNTY_TOWNSHIP',
  item: `${tag(w)}-ITEM`,
  place: w === 'in' ? '370685004' : '370683001',
});

const both = (make: (w: 'in' | 'out', n: number) => Op | Promise<Op>) => ({
  inside: (n: number) => make('in', n),
  outside: (n: number) => make('out', n),
});

/** An adjustment of the IN or OUT list made as the system and moved to `state` (see test/adjustment/). */
async function adjustmentIn(
  w: 'in' | 'out',
  n: number,
  state: 'DRAFT' | 'SUBMITTED' | 'CONSULTING' | 'APPROVED',
): Promise<string> {
  known = null;
  const a = await adjustments.createAdjustment(t.db, adjustmentInput(w, n), { submit: state !== 'DRAFT' });
  if (state === 'CONSULTING') await adjustments.consultAdjustment(t.db, a.id, [`${tag(w)}-DEPT`]);
  if (state === 'APPROVED') await adjustments.approveAdjustment(t.db, a.id);
  return a.id;
}
const adjustmentInput = (w: 'in' | 'out', n: number) => ({
  catalogue: `${tag(w)}-CAT`,
  applicant: `${tag(w)}-DEPT`,
  reason: `调整${n}`,
  trigger: 'PRACTICE',
  effectiveFrom: day(n),
  changes: [
    {
      label: 'ADD',
      document: {
        format: 'shudi-catalogue/1',
        assignments: [
          {
            item: `${tag(w)}-ITEM`,
            scope: place(w),
            body: `${tag(w)}-DEPT`,
            role: 'SUPERVISING',
            duty: `监督${n}`,
            catalogue: `${tag(w)}-CAT`,
            validFrom: day(n),
          },
        ],
      },
    },
  ],
});
/** An open dispute between the IN or OUT department and a second body of the same place, made as the system. */
async function disputeIn(w: 'in' | 'out', n: number): Promise<string> {
  await given({ bodies: [{ code: `${tag(w)}-DEPT2`, name: `测试局二${tag(w)}`, jurisdiction: place(w), kind: 'DEPARTMENT' }] });
  known = null;
  const d = await disputes.openDispute(t.db, {
    item: `${tag(w)}-ITEM`,
    subject: `争议${n}`,
    places: [place(w)],
    parties: [`${tag(w)}-DEPT`, `${tag(w)}-DEPT2`],
    raisedBy: `${tag(w)}-DEPT`,
  });
  return d.id;
}
const disputeStep = (mutation: string, args: string) =>
  both(async (w, n) => ({
    query: `mutation { ${mutation}(id: "${await disputeIn(w, n)}"${args.replaceAll('TAG', tag(w))}) { state } }`,
  }));

/** A call of the IN or OUT township about its item, made as the system, moved on to `state`; its number. */
async function callIn(w: 'in' | 'out', n: number, state: 'DISPATCHED' | 'ACCEPTED' | 'ANSWERED'): Promise<string> {
  known = null;
  const township = w === 'in' ? '370685004' : '370683001';
  const c = await calls.raiseCall(t.db, { item: `${tag(w)}-ITEM`, township, text: `呼叫${n}` });
  if (state !== 'DISPATCHED') await calls.acceptCall(t.db, { id: c.id });
  if (state === 'ANSWERED') await calls.answerCall(t.db, { id: c.id, answer: '已处理' });
  return c.id;
}
const callStep = (mutation: string, state: 'DISPATCHED' | 'ACCEPTED' | 'ANSWERED', args: string) =>
  both(async (w, n) => ({
    query: `mutation { ${mutation}(id: "${await callIn(w, n, state)}"${args.replaceAll('TAG', tag(w)).replaceAll('PLACE', place(w))}) { state } }`,
  }));

const adjustmentStep = (mutation: string, state: 'DRAFT' | 'SUBMITTED' | 'CONSULTING' | 'APPROVED', args = '') =>
  both(async (w, n) => ({ query: `mutation { ${mutation}(id: "${await adjustmentIn(w, n, state)}"${args}) { state } }` }));

const MATRIX: Record<string, Row> = {
  createBody: {
    min: 'EDITOR',
    ...both((w, n) => ({
      query: `mutation($i: CreateBodyInput!) { createBody(input: $i, reason: "matrix") { code } }`,
      variables: { i: { code: `MB-${n}`, name: `测试机构${n}`, jurisdiction: place(w), kind: 'OTHER' } },
    })),
  },
  updateBody: {
    min: 'EDITOR',
    ...both((w, n) => ({
      query: `mutation($c: String!, $i: UpdateBodyInput!) { updateBody(code: $c, input: $i, reason: "matrix") { code } }`,
      variables: { c: `${tag(w)}-DEPT`, i: { name: `测试局${n}` } },
    })),
  },
  deleteBody: {
    min: 'EDITOR',
    ...both(async (w, n) => {
      await given({ bodies: [{ code: `DB-${n}`, name: `待删机构${n}`, jurisdiction: place(w), kind: 'OTHER' }] });
      return { query: `mutation { deleteBody(code: "DB-${n}", reason: "matrix") }` };
    }),
  },
  createItem: {
    min: 'EDITOR',
    inside: (n) => ({
      query: `mutation($i: CreateItemInput!) { createItem(input: $i, reason: "matrix") { code } }`,
      variables: { i: { code: `MI-${n}`, name: `新事项${n}`, domain: '测试', category: 'TERRITORIAL' } },
    }),
    outside: null,
  },
  updateItem: {
    min: 'EDITOR',
    // inside: used only by 招远's list; outside: also listed by 莱州's
    ...both((w, n) => ({
      query: `mutation($c: String!, $i: UpdateItemInput!) { updateItem(code: $c, input: $i, reason: "matrix") { code } }`,
      variables: { c: w === 'in' ? 'IN-ITEM' : 'SHARED-ITEM', i: { description: `说明${n}` } },
    })),
  },
  deleteItem: {
    min: 'EDITOR',
    // an unused item is nobody's: deletable by an EDITOR; a used one is refused (FORBIDDEN before STILL_REFERENCED)
    inside: async (n) => {
      await given({ items: [{ code: `DI-${n}`, name: `待删事项${n}`, domain: '测试', category: 'TERRITORIAL' }] });
      return { query: `mutation { deleteItem(code: "DI-${n}", reason: "matrix") }` };
    },
    outside: null,
  },
  createCatalogue: {
    min: 'EDITOR',
    ...both((w, n) => ({
      query: `mutation($i: CreateCatalogueInput!) { createCatalogue(input: $i, reason: "matrix") { code } }`,
      variables: { i: { code: `MC-${n}`, name: `清单${n}`, owner: place(w), kind: 'LOCAL' } },
    })),
  },
  updateCatalogue: {
    min: 'EDITOR',
    ...both((w, n) => ({
      query: `mutation($c: String!, $i: UpdateCatalogueInput!) { updateCatalogue(code: $c, input: $i, reason: "matrix") { code } }`,
      variables: { c: `${tag(w)}-CAT`, i: { name: `测试清单${n}` } },
    })),
  },
  deleteCatalogue: {
    min: 'EDITOR',
    ...both(async (w, n) => {
      await given({
        items: [{ code: `DCI-${n}`, name: `事项${n}`, domain: '测试', category: 'TERRITORIAL' }],
        catalogues: [{ code: `DC-${n}`, name: `待删清单${n}`, owner: place(w), kind: 'LOCAL', entries: [{ item: `DCI-${n}` }] }],
      });
      return { query: `mutation { deleteCatalogue(code: "DC-${n}", reason: "matrix") }` };
    }),
  },
  createEntry: {
    min: 'EDITOR',
    ...both(async (w, n) => {
      await given({ items: [{ code: `CE-${n}`, name: `事项${n}`, domain: '测试', category: 'TERRITORIAL' }] });
      return {
        query: `mutation($c: String!, $i: CreateEntryInput!) { createEntry(catalogueCode: $c, input: $i, reason: "matrix") { item { code } } }`,
        variables: { c: `${tag(w)}-CAT`, i: { item: `CE-${n}` } },
      };
    }),
  },
  updateEntry: {
    min: 'EDITOR',
    ...both((w, n) => ({
      query: `mutation($c: String!, $it: String!, $i: UpdateEntryInput!) { updateEntry(catalogueCode: $c, itemCode: $it, input: $i, reason: "matrix") { item { code } } }`,
      variables: { c: `${tag(w)}-CAT`, it: `${tag(w)}-ITEM`, i: { name: `本地名称${n}` } },
    })),
  },
  deleteEntry: {
    min: 'EDITOR',
    ...both(async (w, n) => {
      await given({
        items: [{ code: `DE-${n}`, name: `事项${n}`, domain: '测试', category: 'TERRITORIAL' }],
        catalogues: [{ ...FIXTURE.catalogues.find((c) => c.code === `${tag(w)}-CAT`)!, entries: [{ item: `DE-${n}` }] }],
      });
      return { query: `mutation { deleteEntry(catalogueCode: "${tag(w)}-CAT", itemCode: "DE-${n}", reason: "matrix") }` };
    }),
  },
  createAssignment: {
    min: 'EDITOR',
    ...both((w, n) => ({
      query: `mutation($i: CreateAssignmentInput!) { createAssignment(input: $i, reason: "matrix") { id } }`,
      variables: {
        i: {
          item: `${tag(w)}-ITEM`,
          scope: place(w),
          body: `${tag(w)}-DEPT`,
          role: 'SUPPORTING',
          duty: `配合${n}`,
          catalogue: `${tag(w)}-CAT`,
          validFrom: day(n),
        },
      },
    })),
  },
  updateAssignment: {
    min: 'EDITOR',
    ...both(async (w, n) => ({
      query: `mutation($id: ID!, $i: UpdateAssignmentInput!) { updateAssignment(id: $id, input: $i, reason: "matrix") { id } }`,
      variables: { id: await assignmentId(`${tag(w)}-ITEM`, place(w), `${tag(w)}-DEPT`, '2020-01-01'), i: { duty: `主责${n}` } },
    })),
  },
  deleteAssignment: {
    min: 'EDITOR',
    ...both(async (w, n) => {
      const a = { item: `${tag(w)}-ITEM`, scope: place(w), body: `${tag(w)}-DEPT`, role: 'SUPPORTING', validFrom: day(n) };
      await given({ assignments: [{ ...a, duty: '待删', catalogue: `${tag(w)}-CAT` }] });
      return {
        query: `mutation { deleteAssignment(id: "${await assignmentId(a.item, a.scope, a.body, a.validFrom)}", reason: "matrix") }`,
      };
    }),
  },
  createEmpowerment: {
    min: 'EDITOR',
    ...both((w, n) => ({
      query: `mutation($i: CreateEmpowermentInput!) { createEmpowerment(input: $i, reason: "matrix") { id } }`,
      variables: { i: { item: `${tag(w)}-ITEM`, scope: place(w), mode: 'DELEGATED', validFrom: day(n) } },
    })),
  },
  updateEmpowerment: {
    min: 'EDITOR',
    ...both(async (w, n) => ({
      query: `mutation($id: ID!, $i: UpdateEmpowermentInput!) { updateEmpowerment(id: $id, input: $i, reason: "matrix") { id } }`,
      variables: { id: await empowermentIn(w, n), i: { note: `备注${n}` } },
    })),
  },
  deleteEmpowerment: {
    min: 'EDITOR',
    ...both(async (w, n) => ({
      query: `mutation { deleteEmpowerment(id: "${await empowermentIn(w, n)}", reason: "matrix") }`,
    })),
  },
  importCatalogue: {
    min: 'EDITOR',
    ...both((w, n) => ({
      query: `mutation($d: JSON!) { importCatalogue(document: $d, reason: "matrix") { created problems { path code message } } }`,
      variables: {
        d: {
          format: 'shudi-catalogue/1',
          bodies: [{ code: `IB-${n}`, name: `导入机构${n}`, jurisdiction: place(w), kind: 'OTHER' }],
        },
      },
    })),
  },
  importCatalogueTable: {
    min: 'EDITOR',
    ...both((w, n) => ({
      query: `mutation($f: String!, $c: CatalogueTableInput!) { importCatalogueTable(base64: $f, catalogue: $c, reason: "matrix") { created problems { path code message } } }`,
      variables: {
        f: Buffer.from('序号,事项名称,主体责任单位\r\n').toString('base64'),
        c: { code: `TC-${n}`, owner: place(w), name: `表格清单${n}` },
      },
    })),
  },
  acknowledgeFlag: {
    min: 'REVIEWER',
    ...both((w) => {
      const f = flagOf(w);
      return {
        query: `mutation { acknowledgeFlag(kind: ${f.kind}, itemCode: "${f.item}", jurisdictionCode: "${f.place}", reason: "试点", asOf: "${AS_OF}") { kind } }`,
      };
    }),
  },
  unacknowledgeFlag: {
    min: 'REVIEWER',
    ...both(async (w) => {
      const f = flagOf(w);
      known = null;
      await acknowledgeFlag(t.db, { kind: f.kind, itemCode: f.item, jurisdictionCode: f.place, reason: '试点', asOf: AS_OF });
      return {
        query: `mutation { unacknowledgeFlag(kind: ${f.kind}, itemCode: "${f.item}", jurisdictionCode: "${f.place}", reason: "matrix") }`,
      };
    }),
  },
  publishCatalogue: {
    min: 'REVIEWER',
    ...both((w) => ({ query: `mutation { publishCatalogue(code: "${tag(w)}-CAT", note: "matrix") { version } }` })),
  },
  createAdjustment: {
    min: 'EDITOR',
    ...both((w, n) => ({
      query: `mutation($i: AdjustmentInput!) { createAdjustment(input: $i, submit: true, reason: "matrix") { state } }`,
      variables: { i: adjustmentInput(w, n) },
    })),
  },
  submitAdjustment: { min: 'EDITOR', ...adjustmentStep('submitAdjustment', 'DRAFT', ', reason: "matrix"') },
  withdrawAdjustment: { min: 'EDITOR', ...adjustmentStep('withdrawAdjustment', 'SUBMITTED', ', reason: "matrix"') },
  consultAdjustment: {
    min: 'REVIEWER',
    ...adjustmentStep('consultAdjustment', 'SUBMITTED', ', bodies: ["IN-DEPT"], reason: "matrix"'),
  },
  // only the consulted body (IN-DEPT) answers, by its own token: none of the principals here is it
  answerAdjustment: {
    min: 'VIEWER',
    ...adjustmentStep('answerAdjustment', 'CONSULTING', ', agrees: true'),
    expect: (p) => (p.role ? 'FORBIDDEN' : 'UNAUTHENTICATED'),
  },
  approveAdjustment: { min: 'REVIEWER', ...adjustmentStep('approveAdjustment', 'SUBMITTED', ', reason: "matrix"') },
  rejectAdjustment: { min: 'REVIEWER', ...adjustmentStep('rejectAdjustment', 'SUBMITTED', ', reason: "matrix"') },
  applyAdjustment: { min: 'REVIEWER', ...adjustmentStep('applyAdjustment', 'APPROVED', ', reason: "matrix"') },
  openDispute: {
    min: 'EDITOR',
    ...both(async (w, n) => {
      await given({
        bodies: [{ code: `${tag(w)}-DEPT2`, name: `测试局二${tag(w)}`, jurisdiction: place(w), kind: 'DEPARTMENT' }],
      });
      return {
        query: `mutation($i: DisputeInput!) { openDispute(input: $i, reason: "matrix") { state } }`,
        variables: {
          i: {
            item: `${tag(w)}-ITEM`,
            subject: `争议${n}`,
            places: [place(w)],
            parties: [`${tag(w)}-DEPT`, `${tag(w)}-DEPT2`],
            raisedBy: `${tag(w)}-DEPT`,
          },
        },
      };
    }),
  },
  // an EDITOR states for a party in its scope; a party's own token (sub = the body) is tested in test/dispute/
  addDisputeStatement: { min: 'EDITOR', ...disputeStep('addDisputeStatement', ', body: "TAG-DEPT2", text: "陈述"') },
  ruleDispute: { min: 'REVIEWER', ...disputeStep('ruleDispute', ', ruling: { decision: "维持原分工" }, reason: "matrix"') },
  withdrawDispute: { min: 'EDITOR', ...disputeStep('withdrawDispute', ', reason: "matrix"') },
  raiseCall: {
    min: 'EDITOR',
    ...both((w, n) => ({
      query: `mutation($i: CallInput!) { raiseCall(input: $i) { state } }`,
      variables: { i: { item: `${tag(w)}-ITEM`, township: w === 'in' ? '370685004' : '370683001', text: `呼叫${n}` } },
    })),
  },
  // an EDITOR acts for a responder in its scope; a responder's own token (sub = the body) is tested in test/call/
  acceptCall: { min: 'EDITOR', ...callStep('acceptCall', 'DISPATCHED', ', body: "TAG-DEPT"') },
  answerCall: { min: 'EDITOR', ...callStep('answerCall', 'ACCEPTED', ', body: "TAG-DEPT", answer: "已处理"') },
  rateCall: { min: 'EDITOR', ...callStep('rateCall', 'ANSWERED', ', rating: SATISFIED') },
  handBackCall: { min: 'EDITOR', ...callStep('handBackCall', 'DISPATCHED', ', body: "TAG-DEPT", reason: "matrix"') },
  reassignCall: { min: 'REVIEWER', ...callStep('reassignCall', 'DISPATCHED', ', to: ["PLACE-GOV"], reason: "matrix"') },
  setCallSettings: {
    min: 'REVIEWER',
    ...both((w) => ({ query: `mutation { setCallSettings(county: "${place(w)}", input: { answerDays: 6 }) { answerDays } }` })),
  },
};

/** What happened: OK, or the refusal's public code (an import refuses through its report's problems). */
function outcome(r: GqlResult): string {
  if (r.errors?.length) return String(r.errors[0].extensions?.code);
  const report = (r.data as any)?.importCatalogue ?? (r.data as any)?.importCatalogueTable;
  const problems = report?.problems as { code: string | null }[] | undefined;
  if (problems?.length)
    return problems.every((p) => p.code === 'FORBIDDEN') ? 'FORBIDDEN' : `PROBLEMS ${JSON.stringify(problems)}`;
  return 'OK';
}

function expected(p: Principal, row: Row, where: 'inside' | 'outside'): string {
  if (row.expect) return row.expect(p, where);
  if (!p.role) return 'UNAUTHENTICATED';
  if (!atLeast(p.role, row.min)) return 'FORBIDDEN';
  return p.role === 'ADMIN' || where === 'inside' ? 'OK' : 'FORBIDDEN';
}

test('every mutation of the schema has a row in the matrix', () => {
  const mutations = Object.keys(buildShudiSchema().getMutationType()!.getFields()).sort();
  expect(Object.keys(MATRIX).sort()).toEqual(mutations);
});

let counter = 0;
const cases = Object.entries(MATRIX).flatMap(([mutation, row]) =>
  Object.keys(PRINCIPALS).flatMap((who) =>
    (['inside', 'outside'] as const)
      .filter((where) => row[where] !== null)
      .map((where) => [mutation, who, where, expected(PRINCIPALS[who], row, where)] as const),
  ),
);

describe.each(Object.keys(MATRIX))('%s', (mutation) => {
  test.each(cases.filter((c) => c[0] === mutation))('%s as %s, %s the scope → %s', async (_m, who, where, want) => {
    const principal = PRINCIPALS[who];
    const op = await MATRIX[mutation][where]!(++counter);
    const before = known ?? (await fingerprint(t.db));
    known = null;
    const result = await gql.run(op.query, op.variables, principal);
    const got = outcome(result);
    if (got !== want) throw new Error(`expected ${want}, got ${got}: ${JSON.stringify(result)}`);
    if (want === 'OK') {
      // the write is in the change feed under the caller's name
      const [last] = await t.db.query<{ actor: string }>('select actor from change order by id desc limit 1');
      expect(last.actor).toBe(principal.subject);
    } else {
      known = await fingerprint(t.db);
      expect(known).toEqual(before);
      const message =
        result.errors?.[0]?.message ??
        ((result.data as any).importCatalogue ?? (result.data as any).importCatalogueTable).problems[0].message;
      expect(message).toMatch(/[\u4e00-\u9fff].*·\s*[A-Za-z]/); // 中文 · English
      if (want === 'FORBIDDEN' && atLeast(principal.role, MATRIX[mutation].min) && !MATRIX[mutation].expect)
        expect(message).toContain('370685');
    }
  });
});
