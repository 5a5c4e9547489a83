import type { TestDatabase } from '../helpers/db';
import { demo, type GqlClient } from '../helpers/graphql';
import { importClean, openSeededGraphql, closeAll } from '../helpers/setup';

let t: TestDatabase;
let gql: GqlClient;
beforeAll(async () => {
  ({ t, gql } = await openSeededGraphql([demo()]));
});
afterAll(() => closeAll(gql, t));

const PUBLISH = `mutation($note: String, $on: Date) { publishCatalogue(code: "370685-TER-2020", note: $note, publishedOn: $on) {
  version publishedOn note content } }`;

describe('versions (动态调整)', () => {
  it('freezes the catalogue, diffs two versions field by field, and keeps old versions as they were', async () => {
    const v1: any = await gql.ok(PUBLISH, { note: '首次发布', on: '2020-06-01' });
    expect(v1.publishCatalogue).toMatchObject({ version: 1, publishedOn: '2020-06-01', note: '首次发布' });
    expect(v1.publishCatalogue.content.entries).toHaveLength(22);
    expect(v1.publishCatalogue.content.assignments).toHaveLength(45);

    // 动态调整: one duty reworded, one item added, one removed, the list renamed
    const doc = demo();
    doc.assignments[0].duty = '负责秸秆禁烧监管和依法查处';
    doc.items.push({ code: 'ZY-TER-023', name: '燃放烟花爆竹管理', domain: '公共安全', category: 'TERRITORIAL' });
    doc.catalogues[0].entries.push({ item: 'ZY-TER-023' });
    doc.catalogues[0].name = '招远市“属地管理”事项清单（2024年调整）';
    await importClean(t.db, doc);
    await gql.ok(`mutation { deleteEntry(catalogueCode: "370685-TER-2020", itemCode: "ZY-TER-009") }`);
    const v2: any = await gql.ok(PUBLISH, { note: '2024年动态调整', on: '2024-03-01' });
    expect(v2.publishCatalogue.version).toBe(2);

    const d: any = await gql.ok(`{ catalogueVersionDiff(code: "370685-TER-2020", from: 1, to: 2) {
      from to catalogue { field before after }
      entries { added removed changed { key fields { field before after } } }
      assignments { added removed changed { key fields { field before after } } } } }`);
    const diff = d.catalogueVersionDiff;
    expect(diff.catalogue).toEqual([
      {
        field: 'name',
        before: '招远市市镇(街道)“属地管理”事项主体责任和配合责任清单（演示）',
        after: '招远市“属地管理”事项清单（2024年调整）',
      },
    ]);
    expect(diff.entries).toEqual({ added: ['ZY-TER-023'], removed: ['ZY-TER-009'], changed: [] });
    expect(diff.assignments.added).toEqual([]);
    expect(diff.assignments.removed).toEqual([]);
    expect(diff.assignments.changed).toEqual([
      {
        key: 'ZY-TER-001|370685|370685-STHJ|PRIMARY|2020-06-01',
        fields: [{ field: 'duty', before: '负责行业监管和依法查处', after: '负责秸秆禁烧监管和依法查处' }],
      },
    ]);

    // version 1 reads as it was published, whatever changed since
    const old: any = await gql.ok(`{ catalogueVersion(code: "370685-TER-2020", version: 1) { publishedOn content } }`);
    expect(old.catalogueVersion.content).toEqual(v1.publishCatalogue.content);
    const listed: any = await gql.ok(`{ catalogue(code: "370685-TER-2020") { versions { version note } } }`);
    expect(listed.catalogue.versions).toEqual([
      { version: 1, note: '首次发布' },
      { version: 2, note: '2024年动态调整' },
    ]);
    const feed: any = await gql.ok(`{ changes(entity: "version", first: 10) { edges { node { key operation } } } }`);
    expect(feed.changes.edges.map((e: any) => e.node.key)).toEqual(['370685-TER-2020|1', '370685-TER-2020|2']);
  });

  it('answers NOT_FOUND for an unknown catalogue or version', async () => {
    const a = await gql.run(`mutation { publishCatalogue(code: "NOPE") { version } }`);
    expect(a.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const b = await gql.run(`{ catalogueVersion(code: "370685-TER-2020", version: 9) { version } }`);
    expect(b.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
