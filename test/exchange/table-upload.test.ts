import type { TestDatabase } from '../helpers/db';
import { demo } from '../helpers/graphql';
import { bearer } from '../helpers/auth';
import { startServer, type TestServer } from '../helpers/http';
import { openSeeded, closeAll } from '../helpers/setup';

/**
 * POST /catalogues/:code/table: the browser's multipart upload of a table, answering the import report.
 * Streamed with a size limit; refused requests (no token, wrong role, too large, not multipart) write nothing.
 */

let t: TestDatabase;
let server: TestServer;
const LIMIT = 64 * 1024;
const CODE = '370685-TER-2020';

beforeAll(async () => {
  t = await openSeeded(demo());
  server = await startServer(t.db, { ops: { importBodyLimit: LIMIT } });
});
afterAll(() => closeAll(server, t));

const state = () => t.db.query<{ n: number }>(`select (select count(*)::int from change) n`);
const csv = async () =>
  (await fetch(`${server.base}/catalogues/${CODE}/table.csv`, { headers: { authorization: server.admin } })).text();

async function upload(
  body: Buffer | string,
  query = 'dryRun=true',
  headers: Record<string, string> = { authorization: server.admin },
  name = 'list.csv',
) {
  const form = new FormData();
  form.append('file', new Blob([body]), name);
  const res = await fetch(`${server.base}/catalogues/${CODE}/table?${query}`, { method: 'POST', headers, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

describe('POST /catalogues/:code/table', () => {
  it('dry-runs the exported sheet: nothing to change, nothing written', async () => {
    const before = await state();
    const r = await upload(await csv());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ dryRun: true, created: 0, updated: 0, problems: [] });
    expect(await state()).toEqual(before);
  });

  it('reports an unknown body at its row and column, and writes nothing even without dryRun', async () => {
    const text = await csv();
    const lines = text.split(/\r?\n/);
    const header = lines.findIndex((l) => l.includes('主体责任单位'));
    const col = lines[header]!.split(',').indexOf('主体责任单位');
    const cells = lines[header + 1]!.split(',');
    cells[col] = '招远市不存在局';
    lines[header + 1] = cells.join(',');
    const before = await state();
    const r = await upload(lines.join('\r\n'), 'dryRun=false');
    expect(r.status).toBe(200);
    expect(r.body.problems).toEqual([
      expect.objectContaining({ path: `row ${header + 2}, 主体责任单位`, message: expect.stringContaining('招远市不存在局') }),
    ]);
    expect(await state()).toEqual(before);
  });

  it('imports a changed duty when asked to', async () => {
    const r = await upload((await csv()).replace('负责', '统筹负责'), 'dryRun=false');
    expect(r.body.problems).toEqual([]);
    expect(r.body.updated + r.body.created).toBeGreaterThan(0);
    expect(await csv()).toContain('统筹负责');
  });

  it.each([
    ['no token', {}, 'dryRun=true', 401, 'UNAUTHENTICATED'],
    ['a malformed dryRun', 'admin', 'dryRun=maybe', 400, 'BAD_USER_INPUT'],
    ['a malformed asOf', 'admin', 'asOf=2024-13-01', 400, 'BAD_USER_INPUT'],
  ] as const)('refuses %s', async (_label, auth, query, status, code) => {
    const before = await state();
    const r = await upload('x', query, auth === 'admin' ? { authorization: server.admin } : {});
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(await state()).toEqual(before);
  });

  it('refuses a VIEWER (the import needs EDITOR)', async () => {
    const viewer = await bearer({ subject: 'reader', role: 'VIEWER', scope: '370685' });
    const r = await upload(await csv(), 'dryRun=true', { authorization: viewer });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  });

  it('refuses a file over the limit with 413 before parsing it', async () => {
    const before = await state();
    const r = await upload(Buffer.alloc(LIMIT + 1, 0x41));
    expect(r.status).toBe(413);
    expect(r.body.error.message).toContain(String(LIMIT));
    expect(await state()).toEqual(before);
  });

  it('asks for the file part when there is none', async () => {
    const res = await fetch(`${server.base}/catalogues/${CODE}/table?dryRun=true`, {
      method: 'POST',
      headers: { authorization: server.admin },
      body: new FormData(),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toContain('file');
  });

  it('answers a request that is not multipart with a clear 400', async () => {
    const res = await fetch(`${server.base}/catalogues/${CODE}/table`, {
      method: 'POST',
      headers: { authorization: server.admin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('BAD_USER_INPUT');
  });
});
