import ExcelJS from 'exceljs';
import type { TestDatabase } from '../helpers/db';
import { demo, demoWithGuide } from '../helpers/graphql';
import { startServer, type TestServer } from '../helpers/http';
import { closeAll, openSeeded } from '../helpers/setup';

/**
 * `GET /conformance/:scope.xlsx`: the 三级四同 findings of a county as a workbook download, answered like the
 * table download (attachment names, 400 for a bad date, 401 for a bad token, an unknown place BAD_USER_INPUT as in GraphQL).
 */
let t: TestDatabase;
let s: TestServer;
beforeAll(async () => {
  // a provincial guiding catalogue with one item the county's list lacks: one MISSING finding
  t = await openSeeded(demoWithGuide([{ code: 'PROV-ONLY', name: '省级指导事项' }]));
  s = await startServer(t.db);
});
afterAll(() => closeAll(s, t));

it('serves the findings as an xlsx attachment', async () => {
  const res = await fetch(`${s.base}/conformance/370685.xlsx?asOf=2024-01-01`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const disposition = res.headers.get('content-disposition')!;
  expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('370685-三级四同比对-2024-01-01.xlsx')}`);
  expect(disposition).toMatch(/^attachment; filename="370685-_+-2024-01-01\.xlsx"/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const detail = wb.getWorksheet('明细')!;
  const rows = detail
    .getSheetValues()
    .filter(Boolean)
    .map((r) => (r as unknown[]).slice(1, 5));
  expect(rows).toContainEqual([demo().catalogues[0].code, 'PROV-ONLY', '省级指导事项', '缺项']);
});

it('answers a bad date or an unknown place 400 and a bad token 401, as GraphQL would', async () => {
  const bad = await fetch(`${s.base}/conformance/370685.xlsx?asOf=2024-13-01`);
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as any).error).toMatchObject({ code: 'BAD_USER_INPUT' });
  const forged = await fetch(`${s.base}/conformance/370685.xlsx`, { headers: { authorization: 'Bearer x.y.z' } });
  expect(forged.status).toBe(401);
  expect(forged.headers.get('www-authenticate')).toBe('Bearer realm="shudi"');
  const unknown = await fetch(`${s.base}/conformance/999999.xlsx`);
  expect(unknown.status).toBe(400);
  expect(((await unknown.json()) as any).error.message).toContain('999999');
});
