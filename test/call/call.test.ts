import type { Principal } from '../../src/modules/access/access.rules';
import * as calls from '../../src/modules/call/call.service';
import { callStatistics, type CallDimension } from '../../src/modules/call/call.stats';
import { chinaDay } from '../../src/workdays';
import { escalateOverdue } from '../../src/modules/call/call.escalation';
import type { TestDatabase } from '../helpers/db';
import { fingerprint } from '../helpers/fingerprint';
import { DEMO, graphqlClient, type GqlClient } from '../helpers/graphql';
import { closeAll, openSeeded } from '../helpers/setup';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * SPEC §11 乡呼县应: a week in 招远 (Mon 2026-06-15 … Sun 06-21; Fri 06-19 is the Dragon Boat holiday).
 * 金城街道 (370685001) reads the county's common duty list; the calls cover every routing rule, one is
 * accepted late across the holiday and escalated, one reassigned, all rated.
 */
const DUTY = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/data/demo-zhaoyuan-duty.json'), 'utf8'));
const TOWNSHIP = '370685001';
const GAP_ITEM = 'ZY-CALL-GAP';
const OUT_ITEM = 'ZY-CALL-OUT';
const EXTRA = {
  format: 'shudi-catalogue/1',
  items: [
    { code: GAP_ITEM, name: '沿街商铺噪声扰民', domain: '生态环境', category: 'TERRITORIAL' },
    { code: OUT_ITEM, name: '村内废弃机井封填', domain: '水务', category: 'TERRITORIAL' },
  ],
  catalogues: [
    {
      code: '370685-TER-2020',
      name: '招远市市镇(街道)“属地管理”事项主体责任和配合责任清单（演示）',
      owner: '370685',
      kind: 'LOCAL',
      validFrom: '2020-06-01',
      entries: [{ item: GAP_ITEM }],
    },
  ],
  // only the township supports: no PRIMARY holder at all (GAP_SUPPORT_ONLY)
  assignments: [
    {
      item: GAP_ITEM,
      scope: '370685',
      relative: 'TOWNSHIP_GOVERNMENT',
      role: 'SUPPORTING',
      duty: '配合排查',
      catalogue: '370685-TER-2020',
      validFrom: '2020-06-01',
    },
  ],
};

const TOWNSHIP_EDITOR: Principal = { subject: '金城街道呼叫员', role: 'EDITOR', scope: TOWNSHIP };
const OTHER_TOWNSHIP: Principal = { subject: '梦芝街道呼叫员', role: 'EDITOR', scope: '370685002' };
const REVIEWER: Principal = { subject: '招远市委编办', role: 'REVIEWER', scope: '370685' };
const dept = (body: string): Principal => ({ subject: body, role: 'VIEWER', scope: '370685' });
const cn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const who = (p: Principal) => ({ actor: p.subject, reason: null, principal: p });

let t: TestDatabase;
let gql: GqlClient;
beforeAll(async () => {
  t = await openSeeded(DEMO, DUTY, EXTRA);
  gql = await graphqlClient(t.db);
});
afterAll(() => closeAll(gql, t));

const raise = (item: string, at: string, extra: Partial<calls.CallInput> = {}) =>
  calls.raiseCall(
    t.db,
    { item, township: TOWNSHIP, text: `关于 ${item} 的呼叫`, location: '金城街道府前路', ...extra },
    { ...who(TOWNSHIP_EDITOR), at: cn(at) },
  );

describe('a week in 招远', () => {
  const ids: Record<string, string> = {};

  it('routes every case by SPEC §11 and records why', async () => {
    // rule 1: 食品安全监管 is RECLAIMED in the common duty list, taken by 市场监管局
    const reclaimed = await raise('ZY-TER-012', '2026-06-15 09:00', {
      attachments: ['https://example.org/photo/1.jpg'],
      platformCallId: 'ZY12345-0001',
    });
    expect(reclaimed).toMatchObject({ state: 'DISPATCHED', routeRule: 'RECLAIMED', responders: ['370685-SCJG'], referral: null });
    // rule 2: 秸秆禁烧 is COOPERATING, led by 生态环境分局
    const coop = await raise('ZY-TER-001', '2026-06-15 10:00');
    expect(coop).toMatchObject({ routeRule: 'COOPERATING', responders: ['370685-STHJ'] });
    // rule 3: 爱国卫生运动 is not in the duty list; the county PRIMARY holder (卫生健康局) answers
    const primary = await raise('ZY-TER-019', '2026-06-16 09:30');
    expect(primary).toMatchObject({ routeRule: 'PRIMARY', responders: ['370685-WJ'] });
    // rule 4: a GAP (only the township supports) goes to the county government and opens a dispute
    const gap = await raise(GAP_ITEM, '2026-06-16 14:00');
    expect(gap).toMatchObject({ routeRule: 'FALLBACK', referral: 'DISPUTE', responders: ['370685-GOV'] });
    expect(gap.dispute).not.toBeNull();
    // rule 4: an item outside the lists goes to the county government and opens an admission draft
    const out = await raise(OUT_ITEM, '2026-06-17 09:00');
    expect(out).toMatchObject({ routeRule: 'FALLBACK', referral: 'ADMISSION', responders: ['370685-GOV'] });
    expect(out.adjustment).not.toBeNull();
    // a second GAP call joins the same open dispute
    const gap2 = await raise(GAP_ITEM, '2026-06-17 10:00');
    expect(gap2.dispute).toBe(gap.dispute);
    // the call accepted late: Thursday 10:00, 24 working hours skip the holiday and the weekend
    const late = await raise('ZY-TER-018', '2026-06-18 10:00', { complex: true });
    expect(new Date(late.acceptBy).toISOString()).toBe(cn('2026-06-22 10:00').toISOString());
    Object.assign(ids, {
      reclaimed: reclaimed.id,
      coop: coop.id,
      primary: primary.id,
      gap: gap.id,
      out: out.id,
      gap2: gap2.id,
      late: late.id,
    });

    const detail = await gql.ok(`{ call(id: "${gap.id}") { id state routeRule referral
        responderHistory { body rule reason } steps { step from to actor }
        dispute { number state parties calls { number } } } }`);
    expect(detail.call.steps).toEqual([
      { step: 'call', from: null, to: 'CALLED', actor: TOWNSHIP_EDITOR.subject },
      { step: 'dispatch', from: 'CALLED', to: 'DISPATCHED', actor: TOWNSHIP_EDITOR.subject },
    ]);
    expect(detail.call.responderHistory[0].reason).toMatch(/兜底.*·.*fallback/);
    expect(detail.call.dispute.parties).toEqual(['370685-GOV', '370685001-GOV']);
    expect(detail.call.dispute.calls.map((c: any) => c.number)).toEqual([gap.id, gap2.id]);
    const adm = await gql.ok(`{ call(id: "${out.id}") { adjustment { number state catalogue calls { number } } } }`);
    expect(adm.call.adjustment).toMatchObject({ state: 'DRAFT', catalogue: '370685-TER-2020', calls: [{ number: out.id }] });
    const rec = await gql.ok(`{ call(id: "${reclaimed.id}") { responderHistory { body rule catalogue dutyItem } } }`);
    expect(rec.call.responderHistory).toEqual([
      { body: '370685-SCJG', rule: 'RECLAIMED', catalogue: '370685-DUTY-2025', dutyItem: 'ZY-TER-012' },
    ]);
    const prim = await gql.ok(`{ call(id: "${primary.id}") { responderHistory { body rule catalogue assignment } } }`);
    expect(prim.call.responderHistory[0]).toMatchObject({ body: '370685-WJ', rule: 'PRIMARY', catalogue: '370685-TER-2020' });
    expect(prim.call.responderHistory[0].assignment).toMatch(/^\d+$/);
  });

  it('accepts, answers, escalates across the holiday (which the count skips), reassigns and rates', async () => {
    const as = (body: string, at: string) => ({ ...who(dept(body)), at: cn(at) });
    await calls.acceptCall(t.db, { id: ids.reclaimed, ...as('370685-SCJG', '2026-06-15 11:00') });
    await calls.answerCall(t.db, { id: ids.reclaimed, answer: '已现场检查并责令整改', ...as('370685-SCJG', '2026-06-17 16:00') });
    await calls.acceptCall(t.db, { id: ids.coop, ...as('370685-STHJ', '2026-06-16 09:00') });
    await calls.answerCall(t.db, { id: ids.coop, answer: '已组织巡查', ...as('370685-STHJ', '2026-06-18 09:00') });
    // 卫生健康局 is the wrong body: the 编办 reassigns it to 教育和体育局 with a reason
    const moved = await calls.reassignCall(t.db, {
      ...who(REVIEWER),
      id: ids.primary,
      to: ['370685-JT2'],
      reason: '涉及校园周边，由教体局承办',
      at: cn('2026-06-16 15:00'),
    });
    expect(moved).toMatchObject({ state: 'DISPATCHED', responders: ['370685-JT2'], reassignments: 1 });
    await calls.acceptCall(t.db, { id: ids.primary, ...as('370685-JT2', '2026-06-17 09:00') });
    await calls.answerCall(t.db, { id: ids.primary, answer: '已处理', ...as('370685-JT2', '2026-06-24 09:00') });
    for (const id of [ids.gap, ids.gap2, ids.out]) {
      await calls.acceptCall(t.db, { id, ...as('370685-GOV', '2026-06-17 11:00') });
      await calls.answerCall(t.db, { id, answer: '已协调处理', ...as('370685-GOV', '2026-06-18 15:00') });
    }

    // Friday noon (holiday): a calendar-day count would have passed Thursday's call; working hours have not
    expect(await escalateOverdue(t.db, cn('2026-06-19 12:00'))).toEqual({ ran: true, escalated: [] });
    expect(await escalateOverdue(t.db, cn('2026-06-21 23:00'))).toEqual({ ran: true, escalated: [] });
    // Monday 10:30: past the limit of Monday 10:00
    expect(await escalateOverdue(t.db, cn('2026-06-22 10:30'))).toEqual({ ran: true, escalated: [ids.late] });
    expect(await escalateOverdue(t.db, cn('2026-06-22 10:31'))).toEqual({ ran: true, escalated: [] });
    const accepted = await calls.acceptCall(t.db, { id: ids.late, ...as('370685-JT', '2026-06-22 11:00') });
    expect(accepted).toMatchObject({ state: 'ACCEPTED', acceptedOnTime: false, escalations: 1 });
    // complex: 15 working days from Monday 06-22
    expect(accepted.answerBy).toBe('2026-07-13');
    await calls.answerCall(t.db, { id: ids.late, answer: '已设置限高设施', ...as('370685-JT', '2026-06-23 10:00') });

    const rate = (id: string, rating: string, at: string) =>
      calls.rateCall(t.db, { id, rating, comment: null, ...who(TOWNSHIP_EDITOR), at: cn(at) });
    await rate(ids.reclaimed, 'SATISFIED', '2026-06-18 09:00');
    await rate(ids.coop, 'SATISFIED', '2026-06-18 10:00');
    await rate(ids.primary, 'BASICALLY_SATISFIED', '2026-06-24 10:00');
    await rate(ids.gap, 'UNSATISFIED', '2026-06-18 16:00');
    await rate(ids.late, 'BASICALLY_SATISFIED', '2026-06-23 11:00');

    const steps = await gql.ok(`{ call(id: "${ids.late}") { state steps { step to actor } } }`);
    expect(steps.call.state).toBe('RATED');
    expect(steps.call.steps.map((s: any) => s.step)).toEqual(['call', 'dispatch', 'escalate', 'accept', 'answer', 'rate']);
    expect(steps.call.steps[2].actor).toBe('shudi:escalation');
    // every step is in the change feed, filed under the township
    const [feed] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from change where entity = 'call' and key = $1 and scope_code = $2`,
      [ids.late, TOWNSHIP],
    );
    expect(feed.n).toBe(6);
  });

  it('statistics equal what the test computes from the week itself', async () => {
    const now = cn('2026-06-30 12:00');
    const rows = await Promise.all(
      Object.values(ids).map(
        async (id) =>
          (
            await gql.ok(`{ call(id: "${id}") { number item domain township raisedAt acceptBy acceptedAt
          answerBy answeredAt rating escalations responders } }`)
          ).call,
      ),
    );
    const pct = (xs: number[], p: number) => {
      if (xs.length === 0) return null;
      const v = [...xs].sort((a, b) => a - b);
      const pos = p * (v.length - 1);
      const lo = Math.floor(pos);
      return v[lo] + (v[Math.ceil(pos)] - v[lo]) * (pos - lo);
    };
    const model = (group: any[]) => {
      const minutes = group
        .filter((c) => c.answeredAt)
        .map((c) => Math.round((+new Date(c.answeredAt) - +new Date(c.raisedAt)) / 60000));
      const r = (x: string) => group.filter((c) => c.rating === x).length;
      return {
        calls: group.length,
        acceptedOnTime: group.filter((c) => c.acceptedAt && +new Date(c.acceptedAt) <= +new Date(c.acceptBy)).length,
        acceptDue: group.filter((c) => c.acceptedAt || +new Date(c.acceptBy) < +now).length,
        answeredOnTime: group.filter((c) => c.answeredAt && chinaDay(new Date(c.answeredAt)) <= c.answerBy).length,
        answerDue: group.filter((c) => c.answeredAt || (c.answerBy && c.answerBy < chinaDay(now))).length,
        medianMinutesToAnswer: pct(minutes, 0.5),
        p90MinutesToAnswer: pct(minutes, 0.9),
        satisfied: r('SATISFIED'),
        basicallySatisfied: r('BASICALLY_SATISFIED'),
        unsatisfied: r('UNSATISFIED'),
        escalated: group.filter((c) => c.escalations > 0).length,
        escalations: group.reduce((n, c) => n + c.escalations, 0),
      };
    };
    const keyOf: Record<CallDimension, (c: any) => string[]> = {
      DEPARTMENT: (c) => c.responders,
      TOWNSHIP: (c) => [c.township],
      ITEM: (c) => [c.item],
      DOMAIN: (c) => [c.domain],
    };
    for (const by of ['DEPARTMENT', 'TOWNSHIP', 'ITEM', 'DOMAIN'] as CallDimension[]) {
      const stats = await callStatistics(t.db, {
        scope: '370685',
        level: 'COUNTY',
        from: '2026-06-15',
        to: '2026-06-21',
        by,
        now,
      });
      const keys = [...new Set(rows.flatMap(keyOf[by]))];
      const expected = keys
        .map((key) => ({ key, ...model(rows.filter((c) => keyOf[by](c).includes(key))) }))
        .sort((x, y) => y.calls - x.calls || x.key.localeCompare(y.key));
      expect(stats.groups).toEqual(expected);
      if (by !== 'DEPARTMENT') expect(stats.total).toEqual({ key: null, ...model(rows) });
    }
    // the township's own scope sees the same; a neighbouring county sees nothing
    const own = await callStatistics(t.db, {
      scope: TOWNSHIP,
      level: 'TOWNSHIP',
      from: '2026-06-15',
      to: '2026-06-21',
      by: 'ITEM',
      now,
    });
    expect(own.total.calls).toBe(rows.length);
    expect(own.groups[0]).toMatchObject({ key: GAP_ITEM, calls: 2 }); // the item most called about
    const other = await callStatistics(t.db, {
      scope: '370683',
      level: 'COUNTY',
      from: '2026-06-15',
      to: '2026-06-21',
      by: 'ITEM',
      now,
    });
    expect(other.total.calls).toBe(0);
    // through GraphQL: rates and hours
    const g = await gql.ok(`{ callStatistics(scopeCode: "370000", from: "2026-06-15", to: "2026-06-21", by: DOMAIN) {
        total { calls onTimeAcceptRate onTimeAnswerRate medianHoursToAnswer satisfactionRate escalated }
        groups { key calls } } }`);
    const m = model(rows);
    expect(g.callStatistics.total).toEqual({
      calls: m.calls,
      onTimeAcceptRate: m.acceptedOnTime / m.acceptDue,
      onTimeAnswerRate: m.answeredOnTime / m.answerDue,
      medianHoursToAnswer: Math.round((m.medianMinutesToAnswer! / 60) * 100) / 100,
      satisfactionRate: (m.satisfied + m.basicallySatisfied) / (m.satisfied + m.basicallySatisfied + m.unsatisfied),
      escalated: 1,
    });
  });

  it('one runner at a time: a sweep while another holds the lock skips', async () => {
    await t.db.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(7413, 15)`);
      expect(await escalateOverdue(t.db, cn('2026-07-30 10:00'))).toEqual({ ran: false, escalated: [] });
    });
  });
});

describe('refusals write nothing', () => {
  const cases: [string, () => Promise<unknown>, string, RegExp][] = [
    [
      'another township',
      () => calls.raiseCall(t.db, { item: 'ZY-TER-001', township: TOWNSHIP, text: 'x' }, who(OTHER_TOWNSHIP)),
      'ACCESS_FORBIDDEN',
      /370685002/,
    ],
    [
      'a VIEWER may not call',
      () => calls.raiseCall(t.db, { item: 'ZY-TER-001', township: TOWNSHIP, text: 'x' }, who(dept('370685-WJ'))),
      'ACCESS_FORBIDDEN',
      /EDITOR/,
    ],
    [
      'a county is not a township',
      () => calls.raiseCall(t.db, { item: 'ZY-TER-001', township: '370685', text: 'x' }, who(REVIEWER)),
      'CALL_INVALID',
      /"370685"/,
    ],
    [
      'bad fields, each named with its value',
      () =>
        calls.raiseCall(
          t.db,
          { item: 'ZY-TER-001', township: '3706850011', text: ' ', date: '2026-02-30', attachments: ['ftp://x'] },
          who(TOWNSHIP_EDITOR),
        ),
      'INPUT_INVALID',
      /input\.township.*3706850011|3706850011/,
    ],
    [
      'an unknown item',
      () => calls.raiseCall(t.db, { item: 'NO-SUCH', township: TOWNSHIP, text: 'x' }, who(TOWNSHIP_EDITOR)),
      'CALL_INVALID',
      /NO-SUCH/,
    ],
  ];
  it.each(cases)('%s', async (_name, run, code, message) => {
    const before = await fingerprint(t.db);
    await expect(run()).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await fingerprint(t.db)).toEqual(before);
  });

  it('bad input names the field and quotes the value, through GraphQL', async () => {
    const r = await gql.run(
      `mutation($i: CallInput!) { raiseCall(input: $i) { id } }`,
      { i: { item: 'ZY-TER-001', township: TOWNSHIP, text: '呼叫', date: '2026-06-15', attachments: ['not a link'] } },
      TOWNSHIP_EDITOR,
    );
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(r.errors)).toContain('input.attachments[0]');
    expect(JSON.stringify(r.errors)).toContain('not a link');
  });

  it('a bad state transition is a CONFLICT, a wrong responder or role FORBIDDEN; nothing written', async () => {
    const c = await raise('ZY-TER-004', '2026-06-25 09:00');
    const before = await fingerprint(t.db);
    const rate = await gql.run(`mutation { rateCall(id: "${c.id}", rating: SATISFIED) { state } }`, {}, TOWNSHIP_EDITOR);
    expect(rate.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(rate.errors?.[0].message).toMatch(/已派单.*DISPATCHED/);
    const wrong = await gql.run(`mutation { acceptCall(id: "${c.id}") { state } }`, {}, dept('370685-WJ'));
    expect(wrong.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const answerFirst = await gql.run(`mutation { answerCall(id: "${c.id}", answer: "x") { state } }`, {}, dept('370685-YJGL'));
    expect(answerFirst.errors?.[0].extensions?.code).toBe('CONFLICT');
    const editorReassigns = await gql.run(
      `mutation { reassignCall(id: "${c.id}", to: ["370685-SW"], reason: "x") { state } }`,
      {},
      { subject: 'x', role: 'EDITOR', scope: '370685' },
    );
    expect(editorReassigns.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const outsider = await gql.run(
      `mutation { reassignCall(id: "${c.id}", to: ["370685-SW"], reason: "x") { state } }`,
      {},
      { subject: '莱州市委编办', role: 'REVIEWER', scope: '370683' },
    );
    expect(outsider.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await fingerprint(t.db)).toEqual(before);
    const ok = await gql.run(`mutation { acceptCall(id: "${c.id}") { state acceptedOnTime } }`, {}, dept('370685-YJGL'));
    expect(ok.errors).toBeUndefined();
    expect(ok.data.acceptCall.state).toBe('ACCEPTED');
  });
});

describe('a responder hands a call back', () => {
  it('leaves it waiting in CALLED for the 编办, who reassigns it; the accept limit keeps running', async () => {
    const c = await raise('ZY-TER-019', '2026-06-29 09:00');
    expect(c.responders).toEqual(['370685-WJ']);
    const noReason = await gql.run(`mutation { handBackCall(id: "${c.id}", reason: " ") { state } }`, {}, dept('370685-WJ'));
    expect(noReason.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const back = await calls.handBackCall(t.db, {
      ...who(dept('370685-WJ')),
      id: c.id,
      reason: '不属于本局职责',
      at: cn('2026-06-29 10:00'),
    });
    expect(back).toMatchObject({ state: 'CALLED', responders: [] });
    // still counted by the statistics while it waits
    const [fact] = await t.db.query<{ body: string }>(`select body_code as body from call_fact where call_id = $1`, [c.id]);
    expect(fact.body).toBe('-');
    // the limit passes while it waits: escalated
    expect((await escalateOverdue(t.db, cn('2026-06-30 09:30'))).escalated).toContain(c.id);
    const moved = await calls.reassignCall(t.db, {
      ...who(REVIEWER),
      id: c.id,
      to: ['370685-JT2'],
      reason: '由教体局承办',
      at: cn('2026-06-30 10:00'),
    });
    expect(moved).toMatchObject({ state: 'DISPATCHED', responders: ['370685-JT2'] });
    const steps = await gql.ok(`{ call(id: "${c.id}") { steps { step from to } responderHistory { body releasedReason } } }`);
    expect(steps.call.steps.map((s: any) => `${s.step}:${s.to}`)).toEqual([
      'call:CALLED',
      'dispatch:DISPATCHED',
      'handBack:CALLED',
      'escalate:ESCALATED',
      'reassign:DISPATCHED',
    ]);
    expect(steps.call.responderHistory[0]).toEqual({ body: '370685-WJ', releasedReason: '不属于本局职责' });
  });
});

describe('inbound calls are idempotent by the platform call id', () => {
  it('a duplicate is the same call, written once', async () => {
    const input = { item: 'ZY-TER-005', township: TOWNSHIP, text: '河道堤防出现险情', platformCallId: 'ZY12345-0099' };
    const q = `mutation($i: CallInput!) { raiseCall(input: $i) { id number state } }`;
    const first = await gql.run(q, { i: input }, TOWNSHIP_EDITOR);
    const before = await fingerprint(t.db);
    const again = await gql.run(q, { i: input }, TOWNSHIP_EDITOR);
    expect(again.data).toEqual(first.data);
    expect(await fingerprint(t.db)).toEqual(before);
    const [n] = await t.db.query<{ n: number }>(`select count(*)::int as n from call where platform_call_id = 'ZY12345-0099'`);
    expect(n.n).toBe(1);
    // the same id for another matter is refused, naming the field
    const clash = await gql.run(q, { i: { ...input, item: 'ZY-TER-006' } }, TOWNSHIP_EDITOR);
    expect(clash.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(clash.errors?.[0].message).toContain('input.platformCallId');
  });
});
