import { exportDocument } from '../../src/modules/exchange/export.service';
import { importDocument } from '../../src/modules/exchange/import.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { demoWithGuide, graphqlClient } from '../helpers/graphql';
import { importClean } from '../helpers/setup';

let a: TestDatabase;
let b: TestDatabase;
beforeAll(async () => {
  [a, b] = await Promise.all([openTestDatabase(), openTestDatabase()]);
  // a guiding catalogue at the province, a renamed township office and a foreign body, to travel along
  const doc = demoWithGuide();
  doc.bodies.push({ code: '370685004-GOV', name: '温泉街道办事处（更名）', jurisdiction: '370685004', kind: 'GOVERNMENT' });
  doc.bodies.push({ code: '370682-X', name: '莱阳市某局', jurisdiction: '370682', kind: 'DEPARTMENT' });
  doc.assignments.push({
    item: 'ZY-TER-002',
    scope: '370685101',
    body: '370682-X',
    role: 'SUPPORTING',
    basis: ['某条例'],
    exceptIn: [],
  });
  await importClean(a.db, doc);
});
afterAll(() => Promise.all([a.close(), b.close()]));

describe('export → import', () => {
  it('changes nothing when imported back', async () => {
    const doc = await exportDocument(a.db, '370685');
    const report = await importDocument(a.db, doc);
    expect(report.problems).toEqual([]);
    expect([report.created, report.updated]).toEqual([0, 0]);
  });

  it('carries everything a fresh database needs, and exports the same again there', async () => {
    const doc = await exportDocument(a.db, '370685');
    expect((doc.bodies as { code: string }[]).map((x) => x.code)).toEqual(
      expect.arrayContaining(['370685004-GOV', '370682-X', '370685-YJGL']),
    );
    expect((doc.catalogues as { code: string }[]).map((x) => x.code)).toEqual(['370000-GUIDE', '370685-TER-2020']);
    const report = await importDocument(b.db, doc);
    expect(report.problems).toEqual([]);
    const again = await exportDocument(b.db, '370685');
    expect(again).toEqual(doc);
  });

  it('is a query and rejects a bad scope', async () => {
    const gql = await graphqlClient(a.db);
    const d = await gql.ok(`{ exportCatalogues(scopeCode: "370685004") }`);
    expect(d.exportCatalogues.format).toBe('shudi-catalogue/1');
    expect(d.exportCatalogues.assignments.every((x: { scope: string }) => x.scope === '370685004')).toBe(true);
    const bad = await gql.run(`{ exportCatalogues(scopeCode: "37068") }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await gql.stop();
  });
});
