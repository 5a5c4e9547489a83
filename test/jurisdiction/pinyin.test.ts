import { pinyinKeys, pinyinQuery, refreshPinyin } from '../../src/modules/jurisdiction/pinyin';
import { importDocument } from '../../src/modules/exchange/import.service';
import { loadTree } from '../../src/modules/jurisdiction/tree.loader';
import { demo, type GqlClient } from '../helpers/graphql';
import type { TestDatabase } from '../helpers/db';
import { closeAll, openSeededGraphql } from '../helpers/setup';

/**
 * Pinyin search (拼音检索): places and items found by the start of their pinyin, full or initials, through the
 * API's own search; the keys stored by the migration and the tree loader, and kept current by every write.
 */

let t: TestDatabase;
let gql: GqlClient;

beforeAll(async () => {
  ({ t, gql } = await openSeededGraphql([demo()]));
});
afterAll(() => closeAll(gql, t));

const places = async (name: string, scopeCode = '000000', extra = '') =>
  (
    await gql.ok(`{ jurisdictions(scopeCode: "${scopeCode}", name: ${JSON.stringify(name)}, first: 100 ${extra}) {
      totalCount edges { node { code name } } } }`)
  ).jurisdictions as { totalCount: number; edges: { node: { code: string; name: string } }[] };
const items = async (text: string) =>
  ((await gql.ok(`{ items(text: ${JSON.stringify(text)}, first: 100) { totalCount edges { node { code name } } } }`)).items as {
    totalCount: number;
    edges: { node: { code: string; name: string } }[];
  }).edges.map((e) => e.node.name);
const names = (c: { edges: { node: { name: string } }[] }) => c.edges.map((e) => e.node.name);

describe('pinyin keys', () => {
  it.each([
    ['招远市', 'zhaoyuanshi', 'zys'],
    ['温泉街道', 'wenquanjiedao', 'wqjd'],
    ['秸秆禁烧', 'jieganjinshao', 'jgjs'],
    ['重庆市', 'chongqingshi', 'cqs'],
    ['长沙市', 'changshashi', 'css'],
    ['六安市', 'luanshi', 'las'],
    ['绿化', 'lvhua', 'lh'],
    ['“散乱污”企业整治', 'sanluanwuqiyezhengzhi', 'slwqyzz'],
    ['G20 峰会', 'g20fenghui', 'g20fh'],
  ])('%s → %s / %s', (name, full, initials) => {
    expect(pinyinKeys(name)).toEqual({ full, initials });
  });

  it('reads the polyphonic place names the way the places say them (乐亭 lao, 单县 shan, 黄陂 pi)', () => {
    expect(pinyinKeys('乐亭县').initials).toBe('ltx');
    expect(pinyinKeys('乐亭县').full).toBe('laotingxian');
    expect(pinyinKeys('单县').full).toBe('shanxian');
    expect(pinyinKeys('黄陂区').full).toBe('huangpiqu');
    expect(pinyinKeys('大栅栏街道').full).toBe('dashilanjiedao');
    expect(pinyinKeys('涡阳县').full).toBe('guoyangxian');
  });

  it('takes only letters as pinyin (a name fragment or a code is searched as before)', () => {
    expect(pinyinQuery(' WQJD ')).toBe('wqjd');
    expect(pinyinQuery("xi'an")).toBe('xian');
    expect(pinyinQuery('温泉')).toBeNull();
    expect(pinyinQuery('370685')).toBeNull();
    expect(pinyinQuery('')).toBeNull();
    expect(pinyinQuery(null)).toBeNull();
  });
});

describe('searching places by pinyin', () => {
  it('finds 招远 by its initials and its full reading', async () => {
    expect(names(await places('zy', '370600'))).toContain('招远市');
    expect(names(await places('zys', '370600'))).toEqual(['招远市']);
    expect(names(await places('zhaoyuan', '370600'))).toEqual(['招远市']);
    expect(names(await places('ZhaoYuan', '37'))).toContain('招远市');
  });

  it('finds 温泉街道 by wqjd, and only matches from the start', async () => {
    expect(names(await places('wqjd', '370685'))).toEqual(['温泉街道']);
    expect(names(await places('wenquan', '370685'))).toEqual(['温泉街道']);
    expect((await places('qjd', '370685')).totalCount).toBe(0);
  });

  it('searches the whole nation, combined with level and counted like any other filter', async () => {
    const all = await places('wqjd', '000000', ', level: TOWNSHIP');
    expect(all.totalCount).toBe(all.edges.length);
    expect(names(all)).toContain('温泉街道');
    // initials are shared by other names (五七街道 is wqjd too): every hit starts so, in one of its keys
    expect(all.edges.every((e) => pinyinKeys(e.node.name).initials.startsWith('wqjd'))).toBe(true);
    expect((await places('wqjd', '000000', ', level: COUNTY')).totalCount).toBe(0);
  });

  it('still searches Han text by name fragment', async () => {
    expect(names(await places('温泉', '370685'))).toEqual(['温泉街道']);
  });

  it('every place of the tree has its keys, computed from its current name', async () => {
    const [row] = await t.db.query<{ missing: number; total: number }>(
      `select count(*) filter (where pinyin_of is distinct from name or pinyin is null)::int as missing, count(*)::int as total
         from jurisdiction`,
    );
    expect(row.total).toBeGreaterThan(40000);
    expect(row.missing).toBe(0);
  });

  it('a place renamed at the next tree load gets new keys', async () => {
    await t.db.query(`update jurisdiction set name = '某某街道' where code = '370685004'`);
    expect(await refreshPinyin(t.db, 'jurisdiction')).toBe(1);
    expect(names(await places('mmjd', '370685'))).toEqual(['某某街道']);
    await loadTree(t.db, { force: true }); // the tree source puts the name back, and the keys with it
    expect(names(await places('wqjd', '370685'))).toEqual(['温泉街道']);
    expect((await places('mmjd', '370685')).totalCount).toBe(0);
  });

  it('answers a prefix search from the pattern-ops indexes', async () => {
    const plan = await t.db.transaction(async (tx) => {
      await tx.query('set local enable_seqscan = off');
      return tx.query<{ 'QUERY PLAN': string }>(
        `explain select code from jurisdiction where pinyin like 'wqjd%' or pinyin_initials like 'wqjd%'`,
      );
    });
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('ix_jurisdiction_pinyin_initials');
  });
});

describe('searching items by pinyin', () => {
  it('finds 秸秆禁烧 by jgjs and by jiegan', async () => {
    expect(await items('jgjs')).toEqual(['秸秆禁烧']);
    expect(await items('jiegan')).toEqual(['秸秆禁烧']);
    expect(await items('秸秆')).toEqual(['秸秆禁烧']);
  });

  it('keeps the keys current through the API’s writes: create, rename', async () => {
    await gql.ok(`mutation { createItem(input: { code: "ZY-PY-1", name: "森林草原防灭火", domain: "应急管理", category: TERRITORIAL }) { code } }`);
    expect(await items('slcyfmh')).toEqual(['森林草原防灭火']);
    await gql.ok(`mutation { updateItem(code: "ZY-PY-1", input: { name: "河道管护" }) { code } }`);
    expect(await items('slcyfmh')).toEqual([]);
    expect(await items('hdgh')).toEqual(['河道管护']);
    expect(await items('hedaoguan')).toEqual(['河道管护']);
  });

  it('keeps them current through an import', async () => {
    const doc = demo();
    doc.items = [{ code: 'ZY-PY-2', name: '农村饮水工程维护', domain: '自然资源', category: 'TERRITORIAL' }];
    for (const k of Object.keys(doc)) if (!['format', 'items'].includes(k) && Array.isArray(doc[k])) doc[k] = [];
    const report = await importDocument(t.db, doc, {});
    expect(report.problems).toEqual([]);
    expect(await items('ncysgcwh')).toEqual(['农村饮水工程维护']);
  });
});
