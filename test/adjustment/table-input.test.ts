import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importDocument } from '../../src/modules/exchange/import.service';
import { adjustCommand } from '../../src/modules/adjustment/adjustment.cli';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demo } from '../helpers/graphql';
import { startServer, type TestServer } from '../helpers/http';

/**
 * SPEC §10: an adjustment filed as a table (the list's .csv/.xlsx layout) as well as JSON, through the upload
 * route and the CLI; the table becomes the interchange records the adjustment proposes, and nothing is
 * written to the list until it is applied.
 */

let t: TestDatabase;
let server: TestServer;
const CODE = '370685-TER-2020';
const QUERY = 'applicant=370685-STHJ&reason=%E8%B0%83%E6%95%B4&trigger=PRACTICE&effectiveFrom=2027-08-01&label=CHANGE';

beforeAll(async () => {
  t = await openTestDatabase();
  expect((await importDocument(t.db, demo())).problems).toEqual([]);
  server = await startServer(t.db);
});
afterAll(async () => {
  await server?.stop();
  await t?.close();
});

const csv = async () =>
  (await fetch(`${server.base}/catalogues/${CODE}/table.csv`, { headers: { authorization: server.admin } })).text();
const lists = () => t.db.query(`select count(*)::int as n, max(id)::text as last from change where entity <> 'adjustment'`);

async function upload(body: string, name: string, query = QUERY) {
  const form = new FormData();
  form.append('file', new Blob([body]), name);
  const res = await fetch(`${server.base}/catalogues/${CODE}/adjustment?${query}`, {
    method: 'POST',
    headers: { authorization: server.admin },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('an adjustment filed as a table', () => {
  it('the upload route turns the edited sheet into the records it proposes, writing nothing to the list', async () => {
    const before = await lists();
    const sheet = (await csv()).replace('负责', '统筹负责');
    const r = await upload(sheet, 'list.csv');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'SUBMITTED', impact: { effectiveFrom: '2027-08-01', problems: [] } });
    const [row] = await t.db.query<{ changes: any[] }>(`select changes from adjustment where id = $1`, [r.body.number]);
    const doc = row.changes[0].document;
    expect(doc.format).toBe('shudi-catalogue/1');
    expect(doc.catalogues[0].code).toBe(CODE);
    expect(JSON.stringify(doc.assignments)).toContain('统筹负责');
    expect(await lists()).toEqual(before);
  });

  it('a JSON document goes through the same route; a broken table is refused naming row and column, writing nothing', async () => {
    const json = JSON.stringify({ format: 'shudi-catalogue/1', catalogues: [{ ...demo().catalogues[0], entries: undefined }] });
    const ok = await upload(json, 'change.json');
    expect(ok.status).toBe(200);
    const count = await t.db.query(`select count(*)::int as n from adjustment`);
    const broken = (await csv()).replace(/\n([^\n]*)\n/, (_m, header: string) => `\n${header}\n1,,,,不是类别,,,,\n`);
    const bad = await upload(broken, 'list.csv');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/row \d+/);
    const noApplicant = await upload(await csv(), 'list.csv', QUERY.replace('applicant=370685-STHJ&', ''));
    expect(noApplicant.status).toBe(400);
    expect(noApplicant.body.error.message).toContain('applicant');
    expect(await t.db.query(`select count(*)::int as n from adjustment`)).toEqual(count);
  });

  it('the CLI files a table too', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shudi-adjust-'));
    const file = path.join(dir, 'list.csv');
    fs.writeFileSync(file, (await csv()).replace('负责', '牵头负责'));
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => (out.push(s), true)) as never;
    let code: number;
    try {
      code = await adjustCommand(t.db, [
        file,
        ...['--catalogue', CODE, '--applicant', '370685-STHJ', '--reason', '表格申请', '--trigger', 'POLICY'],
        ...['--effective-from', '2027-09-01'],
      ]);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const printed = JSON.parse(out.join(''));
    expect(printed).toMatchObject({ state: 'SUBMITTED', impact: { problems: [] } });
    const [row] = await t.db.query<{ changes: any[] }>(`select changes from adjustment where id = $1`, [printed.id]);
    expect(JSON.stringify(row.changes[0].document.assignments)).toContain('牵头负责');
  });
});
