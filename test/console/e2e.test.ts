import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mintToken } from '../../src/modules/access/token.service';
import type { TestDatabase } from '../helpers/db';
import { demo, demoWithGuide } from '../helpers/graphql';
import { TEST_AUTH } from '../helpers/auth';
import { startServer, type TestServer } from '../helpers/http';
import { openSeeded } from '../helpers/setup';

/** dist/console is built and newer than every file of src/console (schema/ included: the generated types read it). */
function consoleBuilt(): boolean {
  const index = path.join(ROOT, 'dist/console/index.html');
  if (!fs.existsSync(index)) return false;
  const newest = (p: string): number => {
    const st = fs.statSync(p);
    return st.isDirectory() ? Math.max(0, ...fs.readdirSync(p).map((f) => newest(path.join(p, f)))) : st.mtimeMs;
  };
  return fs.statSync(index).mtimeMs >= Math.max(newest(path.join(ROOT, 'src/console')), newest(path.join(ROOT, 'schema')));
}

/**
 * The console in a real browser (Debian's chromium driven by playwright-core) against a real server on the
 * embedded database with the demo list of 招远市. Every request to anything but the server is blocked and
 * must not be needed; the browser console must stay free of errors. With SHUDI_SCREENSHOTS=1 each page is
 * saved to docs/console/.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = path.join(__dirname, '../..');
const SHOTS = process.env.SHUDI_SCREENSHOTS === '1' ? path.join(ROOT, 'docs/console') : null;
const CATALOGUE = '370685-TER-2020';

let t: TestDatabase;
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let token: string;
let viewerToken: string;
const consoleErrors: string[] = [];
const blocked: string[] = [];

jest.setTimeout(180_000);

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  if (!consoleBuilt()) {
    // a production bundle, as `npm start` serves it (Jest sets NODE_ENV=test, which would give Vite a development one)
    execFileSync('npm', ['run', '-s', 'build:console'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  t = await openSeeded(demo());
  server = await startServer(t.db);
  token = await mintToken(TEST_AUTH, { subject: '招远市委编办', role: 'REVIEWER', scope: '370685', expires: '1h' });
  viewerToken = await mintToken(TEST_AUTH, { subject: '招远市生态环境局', role: 'VIEWER', scope: '370685', expires: '1h' });
  await seedWorkflows();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // playwright starts every launch with a fresh, empty profile (its own --user-data-dir)
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', acceptDownloads: true });
  // no internet: everything the console needs comes from the server that serves it
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await t?.close();
});

async function shot(name: string, p: Page = page) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await p.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

async function api(query: string, variables?: Record<string, unknown>) {
  const res = await server.post(query, variables);
  expect(res.body.errors).toBeUndefined();
  return res.body.data;
}

/** Type into an Ant Design search select and pick the option whose text contains `pick`. */
async function choose(testId: string, text: string, pick: string) {
  const select = page.getByTestId(testId);
  await select.click();
  await page.keyboard.type(text);
  const option = page.locator('.ant-select-item-option').filter({ hasText: pick }).first();
  await option.waitFor();
  await option.click();
}

/** The workflows the inbox shows: an adjustment under review, an overdue draft, an open dispute, a call. */
const PRIMARY = demo().assignments.find((a: any) => a.item === 'ZY-TER-001' && a.role === 'PRIMARY');
async function seedWorkflows() {
  const remove = (effective: string, triggeredOn: string) => ({
    catalogue: CATALOGUE,
    applicant: '370685-STHJ',
    reason: '秸秆禁烧改由街道主办',
    basis: ['《招远市属地管理事项动态调整办法》'],
    trigger: 'PRACTICE',
    triggeredOn,
    effectiveFrom: effective,
    changes: [{ label: 'REMOVE', document: { format: 'shudi-catalogue/1', assignments: [{ ...PRIMARY, validTo: effective }] } }],
  });
  const today = new Date().toISOString().slice(0, 10);
  const next = `${new Date().getUTCFullYear() + 1}-03-01`;
  for (const [input, submit] of [
    [remove(next, today), true],
    [{ ...remove(next, '2026-09-01'), reason: '草稿：逾期未提交' }, false],
  ] as const) {
    const res = await server.post(
      `mutation($i: AdjustmentInput!, $s: Boolean) { createAdjustment(input: $i, submit: $s) { id } }`,
      {
        i: input,
        s: submit,
      },
    );
    expect(res.body.errors).toBeUndefined();
  }
  const d = await server.post(`mutation($i: DisputeInput!) { openDispute(input: $i) { id } }`, {
    i: {
      item: 'ZY-TER-001',
      subject: '秸秆禁烧巡查由谁主办',
      places: ['370685004'],
      parties: ['370685-STHJ', '370685004-GOV'],
      raisedBy: '370685004-GOV',
      statement: '街道无执法权，巡查发现后只能报告',
    },
  });
  expect(d.body.errors).toBeUndefined();
  const c = await server.post(`mutation($i: CallInput!) { raiseCall(input: $i) { id } }`, {
    i: { item: 'ZY-TER-001', township: '370685004', text: '金岭路口有人焚烧秸秆，请县里派人处置', location: '金岭路口' },
  });
  expect(c.body.errors).toBeUndefined();
}

/** The inbox's rows as the page shows them: number, state label, deadline text. */
async function inboxRows(p: Page = page) {
  await p.getByTestId('inbox').locator('tbody tr.ant-table-row').first().waitFor();
  return p
    .getByTestId('inbox')
    .locator('tbody tr.ant-table-row')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

describe('the console in a browser', () => {
  it('renders with every non-localhost request blocked, and signs in with a pasted token', async () => {
    await page.goto(`${server.base}/console/signin`);
    await page.getByRole('textbox', { name: '令牌' }).fill(token);
    await shot('sign-in');
    await page.getByRole('main').getByRole('button', { name: '登录', exact: true }).click();
    const who = page.getByTestId('whoami');
    await expect(who.textContent()).resolves.toContain('招远市委编办');
    await expect(who.textContent()).resolves.toContain('REVIEWER');
    await expect(who.textContent()).resolves.toContain('招远市');
    expect(blocked).toEqual([]);
  });

  it('signs in through the link the CLI prints (token in the fragment, never sent to the server)', async () => {
    const p = await context.newPage();
    await p.goto(`${server.base}/console/#token=${token}`);
    await p.getByTestId('whoami').waitFor();
    expect(p.url()).not.toContain(token);
    await p.close();
  });

  it('finds 秸秆禁烧 at 温泉街道 and shows its chain level by level as the API resolves it', async () => {
    await page.getByRole('menuitem', { name: '责任链' }).click();
    await choose('item-search', '秸秆禁烧', 'ZY-TER-001');
    await choose('place-search', '温泉街道', '招远市 / 温泉街道');
    await page.getByRole('button', { name: '查询' }).click();
    const result = page.getByTestId('chain-result');
    await result.waitFor();
    const expected = await api(
      `{ responsibleChain(itemCode: "ZY-TER-001", jurisdictionCode: "370685004") { levels { level holders { body { name } } } } }`,
    );
    for (const level of expected.responsibleChain.levels as { level: string; holders: { body: { name: string } | null }[] }[]) {
      const text = await page.getByTestId(`level-${level.level}`).textContent();
      for (const h of level.holders) if (h.body) expect(text).toContain(h.body.name);
    }
    await shot('chain');
  });

  it('finds places and items by pinyin initials and full pinyin (zy → 招远, wqjd → 温泉街道, jgjs → 秸秆禁烧)', async () => {
    await choose('item-search', 'jgjs', 'ZY-TER-001');
    await choose('place-search', 'zy', '招远市 · 370685');
    await choose('place-search', 'wqjd', '招远市 / 温泉街道');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('chain-result').waitFor();
    await expect(page.getByTestId('chain-result').textContent()).resolves.toContain('温泉街道');
    // the same through the API the console asked
    const api1 = await api(`{ jurisdictions(scopeCode: "370685", name: "wenquan") { edges { node { name } } } }`);
    expect(api1.jurisdictions.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['温泉街道']);
  });

  it("opens 招远's problems: the heat map's cells are the API's flag counts for that township and domain", async () => {
    await page.getByRole('menuitem', { name: '问题' }).click();
    await page.getByTestId('heat-map').waitFor();
    await page.locator('[data-testid=heat-cells] a').first().waitFor({ state: 'attached' });
    const cells = await page.locator('[data-testid=heat-cells] a').evaluateAll((as) =>
      as.map((a) => ({
        place: a.getAttribute('data-place')!,
        domain: a.getAttribute('data-domain')!,
        count: Number(a.getAttribute('data-count')),
      })),
    );
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) {
      const d = await api(
        `query($s: String!, $d: String) { responsibilityFlags(scopeCode: $s, domain: $d, first: 1) { totalCount } }`,
        {
          s: c.place,
          d: c.domain,
        },
      );
      expect({ ...c, count: d.responsibilityFlags.totalCount }).toEqual(c);
    }
    const total = await api(`{ responsibilityFlags(scopeCode: "370685", first: 1) { totalCount } }`);
    expect(cells.reduce((s, c) => s + c.count, 0)).toBe(total.responsibilityFlags.totalCount);
    await shot('problems');
    // a cell opens its flagged pairs
    await page
      .locator('[data-testid=heat-cells]')
      .evaluate((d) => ((d.parentElement as unknown as { open: boolean }).open = true));
    await page.locator('[data-testid=heat-cells] a').first().click();
    await page.getByTestId('cell-filter').waitFor();
    await page
      .getByTestId('flag-total')
      .filter({ hasText: new RegExp(`^${cells[0]!.count}$`) })
      .waitFor();
  });

  it('acknowledges a flag with a reason (REVIEWER), and the API records it', async () => {
    const before = await api(`{ responsibilityFlags(scopeCode: "370685", first: 1) { totalCount } }`);
    await page.locator('[data-testid=flag-table]').getByRole('button', { name: '确认为合理' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill('街道与县局联合执法，已协调');
    await dialog.getByRole('button', { name: '确认为合理' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const after = await api(
      `{ responsibilityFlags(scopeCode: "370685", includeAcknowledged: true, first: 100) { totalCount edges { node { acknowledgement { reason actor } } } } }`,
    );
    const acks = after.responsibilityFlags.edges.filter((e: { node: { acknowledgement: unknown } }) => e.node.acknowledgement);
    expect(acks.map((e: { node: { acknowledgement: unknown } }) => e.node.acknowledgement)).toEqual([
      { reason: '街道与县局联合执法，已协调', actor: '招远市委编办' },
    ]);
    const now = await api(`{ responsibilityFlags(scopeCode: "370685", first: 1) { totalCount } }`);
    expect(now.responsibilityFlags.totalCount).toBe(before.responsibilityFlags.totalCount - 1);
  });

  it('downloads the list as Excel with the same content the server exports', async () => {
    await page.getByRole('menuitem', { name: '清单' }).click();
    await page.getByTestId('catalogue-detail').waitFor();
    await page.getByRole('tab', { name: '下载 Excel' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
    const file = await download.path();
    const direct = await fetch(`${server.base}/catalogues/${CATALOGUE}/table.xlsx`, { headers: { authorization: server.admin } });
    expect(await cells(fs.readFileSync(file!))).toEqual(await cells(Buffer.from(await direct.arrayBuffer())));
  });

  it("shows the list's conformance with its guiding catalogue: counts per kind as the API has them, the findings, the Excel download", async () => {
    // the list gets a provincial guiding catalogue, imported through the API as a province's platform sends it
    const imported = await api(`mutation($d: JSON!) { importCatalogue(document: $d) { problems { path message } } }`, {
      d: demoWithGuide([{ code: 'SD-GUIDE-9', name: '农村公路养护' }]),
    });
    expect(imported.importCatalogue.problems).toEqual([]);
    // reopened until the server's answer to the page's own token shows the new guiding catalogue (its response
    // cache follows the data version, which a write reaches through the database's notification)
    const tab = page.getByRole('tab', { name: '三级四同比对' });
    for (let i = 0; i < 20 && (await tab.count()) === 0; i++) {
      await page.goto(`${server.base}/console/lists`);
      await page.getByTestId('catalogue-detail').waitFor();
      await page.waitForTimeout(250);
    }
    await tab.click();
    await page.getByTestId('conformance-findings').waitFor();
    const expected = await api(
      `{ conformance(catalogueCode: "${CATALOGUE}") { total counts { kind count } findings { kind item { code } } } }`,
    );
    expect(expected.conformance.total).toBeGreaterThan(0);
    for (const c of expected.conformance.counts as { kind: string; count: number }[]) {
      await expect(page.getByTestId(`conformance-count-${c.kind}`).textContent()).resolves.toContain(String(c.count));
    }
    // a kind's count filters the table to that kind
    await page.getByTestId('conformance-count-MISSING').click();
    const rows = await page
      .getByTestId('conformance-findings')
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ''));
    const missing = (expected.conformance.findings as { kind: string; item: { code: string } }[]).filter(
      (f) => f.kind === 'MISSING',
    );
    expect(rows).toHaveLength(missing.length);
    expect(rows[0]).toContain('SD-GUIDE-9');
    await shot('lists-conformance');
    await page.getByTestId('conformance-count-MISSING').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-conformance').click()]);
    const direct = await fetch(`${server.base}/conformance/370685.xlsx`, { headers: { authorization: server.admin } });
    expect(direct.status).toBe(200);
    const mine = await sheets(fs.readFileSync((await download.path())!));
    expect(mine).toEqual(await sheets(Buffer.from(await direct.arrayBuffer())));
    expect(mine['明细']!.flat()).toContain('SD-GUIDE-9');
  });

  it("shows exactly the unknown body's cell in a dry run and writes nothing; then imports a good sheet", async () => {
    const csv = await (
      await fetch(`${server.base}/catalogues/${CATALOGUE}/table.csv`, { headers: { authorization: server.admin } })
    ).text();
    const lines = csv.split(/\r?\n/);
    const header = lines.findIndex((l) => l.includes('主体责任单位'));
    const target = header + 1; // the first item row
    const cols = lines[target]!.split(',');
    const bodyCol = lines[header]!.split(',').findIndex((h) => h.replace(/"/g, '') === '主体责任单位');
    cols[bodyCol] = '招远市不存在局';
    const bad = [...lines.slice(0, target), cols.join(','), ...lines.slice(target + 1)].join('\r\n');
    const state = () =>
      t.db.query<{ changes: number; assignments: number }>(
        `select (select count(*)::int from change) changes, (select count(*)::int from assignment) assignments`,
      );
    const before = await state();

    await page.getByRole('tab', { name: '上传表格' }).click();
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'clerk.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await page.getByTestId('dry-run').click();
    const problems = page.getByTestId('import-problems');
    await problems.waitFor();
    const rows = await problems
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toHaveLength(1);
    expect(rows[0]![0]).toBe(String(target + 1)); // the sheet's own row number
    expect(rows[0]![1]).toBe('主体责任单位');
    expect(rows[0]![2]).toContain('招远市不存在局');
    await expect(page.getByTestId('import').isDisabled()).resolves.toBe(true);
    await shot('lists-upload-problems');
    expect(await state()).toEqual(before);

    // the good sheet: one duty reworded
    const good = csv.replace('负责', '统筹负责');
    expect(good).not.toBe(csv);
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'clerk-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await page.getByTestId('dry-run').click();
    await page.getByText('试导入无问题，可以导入').waitFor();
    expect(await state()).toEqual(before);
    await page.getByTestId('import').click();
    await page.getByText('已导入').waitFor();
    const after = await state();
    expect(after[0].changes).toBeGreaterThan(before[0].changes);
    const again = await (
      await fetch(`${server.base}/catalogues/${CATALOGUE}/table.csv`, { headers: { authorization: server.admin } })
    ).text();
    expect(again).toContain('统筹负责');
  });

  it('lists the workflows of the scope with their states and deadlines, as the API has them, filterable', async () => {
    await page.getByRole('menuitem', { name: '工作流' }).click();
    const a = await api(
      `{ adjustments(scopeCode: "370685", first: 100) { edges { node { number state overdue applyBy { day } reviewBy { day } } } } }`,
    );
    const d = await api(
      `{ disputes(scopeCode: "370685", first: 100) { edges { node { number state overdue ruleBy { day } } } } }`,
    );
    const adjustments = a.adjustments.edges.map((e: any) => e.node);
    const disputes = d.disputes.edges.map((e: any) => e.node);
    const c = await api(`{ calls(scopeCode: "370685", first: 100) { edges { node { number state acceptBy responders } } } }`);
    const calls = c.calls.edges.map((e: any) => e.node);
    expect(calls).toHaveLength(1);
    const all = adjustments.length + disputes.length + calls.length;
    await page
      .getByTestId('inbox-count')
      .filter({ hasText: `(${all})` })
      .waitFor();
    const rows = await inboxRows();
    expect(rows).toHaveLength(all);
    for (const x of calls) {
      const row = rows.find((r) => r[0] === '乡呼县应' && r[1] === x.number)!;
      expect(row[3]).toBe('已派单');
      expect(row[4]).toContain(x.acceptBy.slice(0, 16).replace('T', ' '));
      expect(row[2]).toContain(x.responders[0]);
    }
    for (const x of adjustments) {
      const row = rows.find((r) => r[0] === '调整申请' && r[1] === x.number)!;
      expect(row[3]).toBe({ SUBMITTED: '已提交', DRAFT: '草稿' }[x.state as string]);
      expect(row[4]).toContain(x.state === 'DRAFT' ? x.applyBy.day : x.reviewBy.day);
      expect(row[4].includes('已超期')).toBe(x.overdue);
    }
    for (const x of disputes) {
      const row = rows.find((r) => r[0] === '职责争议' && r[1] === x.number)!;
      expect(row[3]).toBe('待裁定');
      expect(row[4]).toContain(x.ruleBy.day);
    }
    // the overdue draft comes first
    expect(rows[0]![4]).toContain('已超期');
    await shot('workflows');
    // only the overdue ones
    await page.getByTestId('overdue-only').click();
    await page.getByTestId('inbox-count').filter({ hasText: '(1)' }).waitFor();
    expect((await inboxRows())[0]![2]).toContain('逾期未提交');
    await page.getByTestId('overdue-only').click();
    // one type only
    await page.getByRole('checkbox', { name: '调整申请' }).click();
    await page
      .getByTestId('inbox-count')
      .filter({ hasText: `(${disputes.length + calls.length})` })
      .waitFor();
    expect((await inboxRows()).every((r) => r[0] !== '调整申请')).toBe(true);
    await page.getByRole('checkbox', { name: '调整申请' }).click();
    await page
      .getByTestId('inbox-count')
      .filter({ hasText: `(${rows.length})` })
      .waitFor();
  });

  it("previews an adjustment's impact as flags added and removed, and takes the steps a REVIEWER may", async () => {
    const a = await api(
      `{ adjustments(scopeCode: "370685", states: [SUBMITTED], first: 1) { edges { node { id number impact { added { kind item place } removed { kind } } } } } }`,
    );
    const adj = a.adjustments.edges[0].node;
    expect(adj.impact.added.length).toBeGreaterThan(0);
    // keyboard: tab to the adjustment's number and open it with Enter
    await page.getByTestId(`open-adjustment-${adj.number}`).focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('adjustment-detail');
    await detail.waitFor();
    await page.getByTestId('impact-added').waitFor();
    await expect(page.getByTestId('impact-added').locator('.ant-table-title').textContent()).resolves.toContain(
      `(${adj.impact.added.length})`,
    );
    const steps = await page.getByTestId('steps').locator('button').allTextContents();
    expect(steps.sort()).toEqual(['会商', '批准', '撤回', '驳回'].sort());
    await shot('workflow-adjustment');
    await page.getByTestId('step-approve').click();
    // the step's own dialog, named by its title: the drawer behind it holds a button of the same name
    const approve = page.getByRole('dialog', { name: '批准' });
    await approve.getByRole('textbox').first().fill('同意调整');
    await approve.getByRole('button', { name: '批准' }).click();
    await page.getByTestId('step-apply').waitFor();
    const after = await api(`{ adjustment(id: "${adj.id}") { state decidedBy } }`);
    expect(after.adjustment).toEqual({ state: 'APPROVED', decidedBy: '招远市委编办' });
    expect(await page.getByTestId('steps').locator('button').allTextContents()).toEqual(['实施']);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
  });

  it('rules a dispute (REVIEWER of every place) from its drawer', async () => {
    const d = await api(`{ disputes(scopeCode: "370685", states: [OPEN], first: 1) { edges { node { id number } } } }`);
    const dispute = d.disputes.edges[0].node;
    await page.getByTestId(`open-dispute-${dispute.number}`).click();
    await page.getByTestId('dispute-detail').waitFor();
    expect((await page.getByTestId('steps').locator('button').allTextContents()).sort()).toEqual(['撤回', '裁定', '陈述'].sort());
    await page.getByTestId('step-rule').click();
    const dialog = page.getByRole('dialog', { name: '裁定' });
    await dialog.getByRole('textbox').first().fill('维持原分工：生态环境局主办，街道配合巡查');
    await dialog.getByRole('button', { name: '裁定' }).click();
    await page.getByTestId('detail-state').filter({ hasText: 'RULED' }).waitFor();
    expect((await api(`{ dispute(id: "${dispute.id}") { state ruledBy } }`)).dispute).toEqual({
      state: 'RULED',
      ruledBy: '招远市委编办',
    });
    await page.keyboard.press('Escape');
  });

  it('shows a call with where it was routed and why; its responder (an EDITOR of the county) may accept it', async () => {
    const c = await api(`{ calls(scopeCode: "370685", first: 1) { edges { node { id number responders } } } }`);
    const call = c.calls.edges[0].node;
    await page.getByTestId(`open-call-${call.number}`).click();
    await page.getByTestId('call-detail').waitFor();
    // the REVIEWER of the county: as an EDITOR for the responder it may accept, and it may reassign
    expect((await page.getByTestId('steps').locator('button').allTextContents()).sort()).toEqual(['响应', '改派'].sort());
    await page.getByTestId('step-accept').click();
    // the step's own dialog, named by its title (until it opens, the last dialog is the drawer, whose step button
    // has the same name: clicking that one submitted nothing)
    await page.getByRole('dialog', { name: '响应' }).getByRole('button', { name: '响应' }).click();
    await page.getByTestId('detail-state').filter({ hasText: 'ACCEPTED' }).waitFor();
    expect((await api(`{ call(id: "${call.id}") { state } }`)).call.state).toBe('ACCEPTED');
    await page.getByTestId('step-answer').waitFor();
    await page.keyboard.press('Escape');
  });

  it('offers a VIEWER no step (what the role may not do is not offered)', async () => {
    const p = await context.newPage();
    await p.goto(`${server.base}/console/workflows#token=${viewerToken}`);
    await p.getByTestId('whoami').waitFor();
    const rows = await inboxRows(p);
    await p.getByTestId(`open-adjustment-${rows.find((r) => r[0] === '调整申请')![1]}`).click();
    await p.getByTestId('adjustment-detail').waitFor();
    expect(await p.getByTestId('steps').locator('button').count()).toBe(0);
    await p.getByText('当前角色在此无可办理的步骤').waitFor();
    await p.close();
  });

  it('is usable at phone width and in English', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    await phone.route('**/*', (route) =>
      ['127.0.0.1', 'localhost'].includes(new URL(route.request().url()).hostname) ? route.continue() : route.abort(),
    );
    const p = await phone.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    await p.goto(`${server.base}/console/#token=${token}`);
    await p.getByTestId('whoami').waitFor();
    await p.getByRole('button', { name: 'language' }).click();
    await p.getByText('Who is responsible').first().waitFor();
    // evaluated in the page (a string, so the Node-side typecheck needs no DOM types)
    const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('chain-phone-en', p);
    for (const [menu, ready] of [
      ['Workflows', 'inbox'],
      ['Lists', 'catalogue-table'],
    ] as const) {
      // the menu folds into "…" on a phone: open a page by its address, as a bookmark would
      await p.goto(`${server.base}/console/${menu.toLowerCase()}`);
      await p.getByTestId(ready).waitFor();
      expect(await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
      if (menu === 'Workflows') await shot('workflows-phone-en', p);
    }
    expect(errors).toEqual([]);
    await phone.close();
  });

  it('logged no errors in the browser console and needed nothing from outside', () => {
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
  });
});

/** The first sheet's values, row by row (what a clerk sees; not the zip's timestamps). */
async function cells(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  const ws = wb.worksheets[0]!;
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

/** Every sheet's values by sheet name. */
async function sheets(bytes: Buffer): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  const out: Record<string, unknown[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out[ws.name] = rows;
  }
  return out;
}
