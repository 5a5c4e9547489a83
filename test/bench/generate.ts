/**
 * Deterministic bench data (`npm run bench:data -- --scale county|province|nation [--seed N]`): on the real tree,
 * for every county (and every city without counties) a LOCAL list of 80–150 items drawn from a shared pool
 * of 300 matters in 15 domains, ~25 departments and 3 stationed units per county, TOWNSHIP_GOVERNMENT
 * support on most items, validity windows and a successor, and ~3% of pairs deliberately overlapping or
 * unowned (1.5% of items per county have no PRIMARY, 1.5% a second PRIMARY department, 1.5% a township
 * lead on top of the department's). Written as interchange files, one per province. county: 招远市 alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/config';
import { buildTree } from '../../src/modules/jurisdiction/tree.loader';
import { dutyBenchData, powerGuide, type DutyOut, type ListedItem } from './generate-duty';
import { callsCsv, type CallPlan } from './generate-calls';

const DOMAINS: [string, string, string[]][] = [
  [
    '生态环境',
    '生态环境分局',
    [
      '秸秆焚烧',
      '散乱污企业',
      '畜禽养殖污染',
      '建筑扬尘',
      '餐饮油烟',
      '露天烧烤',
      '医疗废物',
      '噪声污染',
      '黑臭水体',
      '入河排污口',
    ],
  ],
  [
    '应急管理',
    '应急管理局',
    [
      '安全生产隐患',
      '防汛抗旱',
      '森林防火',
      '地质灾害',
      '危险化学品',
      '烟花爆竹',
      '有限空间作业',
      '自然灾害救助',
      '应急避难场所',
      '人员密集场所',
    ],
  ],
  [
    '综合执法',
    '综合行政执法局',
    ['违法建设', '占道经营', '户外广告', '乱贴乱画', '渣土运输', '城市绿化', '市容环境卫生', '流动摊贩', '乱停乱放', '违规养犬'],
  ],
  [
    '自然资源',
    '自然资源和规划局',
    [
      '非法占用耕地',
      '非法采矿',
      '违法用地',
      '耕地撂荒',
      '土地卫片图斑',
      '地质环境',
      '矿山修复',
      '永久基本农田',
      '宅基地',
      '测量标志',
    ],
  ],
  [
    '市场监管',
    '市场监督管理局',
    [
      '食品安全',
      '特种设备',
      '食品小作坊',
      '农贸市场',
      '价格违法',
      '无证无照经营',
      '药品零售',
      '计量器具',
      '电动自行车',
      '校园周边食品',
    ],
  ],
  [
    '农业农村',
    '农业农村局',
    [
      '动物疫情',
      '农药经营',
      '农产品质量安全',
      '农村人居环境',
      '渔业安全',
      '农机安全',
      '病死畜禽',
      '高标准农田',
      '农村集体资产',
      '秸秆综合利用',
    ],
  ],
  [
    '水务',
    '水务局',
    [
      '河道采砂',
      '河湖四乱',
      '农村饮水安全',
      '水土保持',
      '小型水库',
      '取水许可',
      '河长制巡河',
      '防洪设施',
      '灌区管理',
      '地下水超采',
    ],
  ],
  [
    '住房城建',
    '住房和城乡建设局',
    [
      '农村危房',
      '城镇燃气',
      '自建房安全',
      '建筑施工安全',
      '物业管理',
      '老旧小区改造',
      '房屋征收',
      '市政设施',
      '供热保障',
      '污水处理设施',
    ],
  ],
  [
    '交通运输',
    '交通运输局',
    [
      '乡道村道限高',
      '农村公路养护',
      '非法营运',
      '道路运输安全',
      '公路路域环境',
      '水上交通安全',
      '客运站点',
      '超限超载',
      '公交站点',
      '桥梁安全',
    ],
  ],
  [
    '卫生健康',
    '卫生健康局',
    [
      '爱国卫生运动',
      '传染病防控',
      '非法行医',
      '公共场所卫生',
      '生活饮用水卫生',
      '职业病防治',
      '计划生育服务',
      '老年健康服务',
      '医疗机构废弃物',
      '病媒生物防制',
    ],
  ],
  [
    '教育',
    '教育和体育局',
    [
      '校外培训机构',
      '校车安全',
      '控辍保学',
      '学校周边治安',
      '幼儿园安全',
      '学生防溺水',
      '校园欺凌',
      '民办学校',
      '学生资助',
      '校舍安全',
    ],
  ],
  [
    '公共安全',
    '公安局',
    [
      '电信网络诈骗防范',
      '流动人口登记',
      '出租房屋',
      '寄递物流安全',
      '道路交通安全',
      '反邪教',
      '禁毒宣传',
      '重点人员管控',
      '社会治安巡防',
      '枪支管控',
    ],
  ],
  [
    '消防',
    '消防救援大队',
    [
      '消防安全检查',
      '九小场所消防',
      '高层建筑消防',
      '电动车充电',
      '消防通道',
      '微型消防站',
      '村居消防',
      '森林火灾扑救',
      '火灾隐患',
      '消防宣传',
    ],
  ],
  [
    '民政',
    '民政局',
    [
      '养老机构安全',
      '社会救助',
      '殡葬管理',
      '地名标志',
      '流浪乞讨救助',
      '儿童关爱',
      '残疾人两项补贴',
      '社会组织',
      '婚姻登记',
      '村务公开',
    ],
  ],
  [
    '人社',
    '人力资源和社会保障局',
    [
      '拖欠农民工工资',
      '劳动保障监察',
      '就业服务',
      '社会保险参保',
      '职业技能培训',
      '劳动争议调解',
      '人力资源市场',
      '退休人员服务',
      '工伤认定',
      '灵活就业',
    ],
  ],
];
const OTHER_DEPARTMENTS = [
  '文化和旅游局',
  '商务局',
  '发展和改革局',
  '财政局',
  '司法局',
  '退役军人事务局',
  '统计局',
  '医疗保障局',
  '信访局',
  '审计局',
];
const ACTIONS = ['监管', '整治'];

/** mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(xs: T[]) => xs[Math.floor(next() * xs.length)],
    sample: <T>(xs: T[], n: number) => {
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, n);
    },
  };
}

export interface PoolItem {
  code: string;
  name: string;
  domain: string;
  domainIndex: number;
  category: string;
  basis: string[];
}

export function itemPool(): PoolItem[] {
  const items: PoolItem[] = [];
  DOMAINS.forEach(([domain, , objects], d) =>
    objects.forEach((object, o) =>
      ACTIONS.forEach((action, a) =>
        items.push({
          code: `GEN-${String(d + 1).padStart(2, '0')}-${String(o * 2 + a + 1).padStart(2, '0')}`,
          name: `${object}${action}`,
          domain,
          domainIndex: d,
          category: 'TERRITORIAL',
          basis: [`《${domain}领域相关法律法规》`],
        }),
      ),
    ),
  );
  return items;
}

export interface GeneratedProvince {
  province: string;
  document: Record<string, unknown[] | string>;
  counties: number;
  townships: number;
  rows: number;
  /** What the year of calls is drawn from (generate-calls.ts). */
  callPlans: CallPlan[];
}

let treeCache: ReturnType<typeof buildTree> | null = null;
const tree = () => (treeCache ??= buildTree());

/** The list-holding places (counties, and cities without counties) of one province, with their townships. */
function listHolders(province: string, only?: string) {
  const all = tree();
  const children = new Map<string, ReturnType<typeof buildTree>>();
  for (const j of all) if (j.parent) (children.get(j.parent) ?? children.set(j.parent, []).get(j.parent)!).push(j);
  const holders = all.filter(
    (j) =>
      j.path[0] === province &&
      (j.level === 'COUNTY' ||
        (j.level === 'CITY' &&
          (children.get(j.code) ?? []).every((c) => c.level === 'TOWNSHIP') &&
          (children.get(j.code) ?? []).length > 0)) &&
      // one holder (the county scale), or every holder under a place (tests)
      (!only || j.path.includes(only)),
  );
  return holders.map((h) => ({
    ...h,
    // 金门县's one "township" 350527000 is in the tree but no input accepts a 9-digit code ending in 000: never name it
    townships: (children.get(h.code) ?? []).filter((c) => c.level === 'TOWNSHIP' && !c.code.endsWith('000')).map((c) => c.code),
  }));
}

/** `only`: generate the lists of that one holder (the county scale: 招远市), or of the holders under that place. */
export function generateProvince(province: string, seed: number, only?: string): GeneratedProvince {
  const pool = itemPool();
  const bodies: Record<string, unknown>[] = [];
  const catalogues: Record<string, unknown>[] = [];
  const assignments: Record<string, unknown>[] = [];
  const duty: DutyOut = { items: new Map(), catalogues, assignments, empowerments: [] };
  const guide = powerGuide(province, rng(seed * 13 + Number(province)));
  catalogues.push(guide.catalogue);
  for (const i of guide.items) duty.items.set(String(i.code), i);
  const guideItems = (guide.catalogue.entries as { item: string }[]).map((e) => e.item);
  const used = new Set<string>();
  let townships = 0;
  const holders = listHolders(province, only);
  const callPlans: CallPlan[] = [];
  for (const h of holders) {
    const r = rng(seed * 1_000_003 + Number(h.code));
    townships += h.townships.length;
    const dept = (d: number) => `${h.code}-D${String(d + 1).padStart(2, '0')}`;
    DOMAINS.forEach(([, name], d) =>
      bodies.push({ code: dept(d), name: `${h.name}${name}`, jurisdiction: h.code, kind: d === 12 ? 'OTHER' : 'DEPARTMENT' }),
    );
    OTHER_DEPARTMENTS.forEach((name, i) =>
      bodies.push({ code: dept(DOMAINS.length + i), name: `${h.name}${name}`, jurisdiction: h.code, kind: 'DEPARTMENT' }),
    );
    // 机构改革: the former safety bureau, succeeded by the emergency management bureau (D02) in 2019
    bodies.push({
      code: `${h.code}-AJJ`,
      name: `${h.name}安全生产监督管理局`,
      jurisdiction: h.code,
      kind: 'DEPARTMENT',
      validTo: '2019-03-01',
      successor: dept(1),
    });
    const stationed: string[] = [];
    if (h.townships.length > 0) {
      for (let s = 0; s < 3; s++) {
        const code = `${h.code}-S${s + 1}`;
        stationed.push(code);
        bodies.push({
          code,
          name: `${h.name}市场监督管理局第${s + 1}市场监管所`,
          jurisdiction: h.code,
          kind: 'STATIONED',
          parent: dept(4),
          serves: r.sample(h.townships, Math.min(h.townships.length, r.int(2, 5))).sort(),
        });
      }
    }
    const chosen = r.sample(pool, r.int(80, 150)).sort((a, b) => a.code.localeCompare(b.code));
    const catalogue = `${h.code}-TER-2024`;
    catalogues.push({
      code: catalogue,
      name: `${h.name}乡镇（街道）“属地管理”事项主体责任和配合责任清单`,
      owner: h.code,
      kind: 'LOCAL',
      validFrom: '2024-01-01',
      entries: chosen.map((it) => {
        const e: Record<string, unknown> = { item: it.code };
        if (h.townships.length > 3 && r.chance(0.05)) e.notApplicableIn = r.sample(h.townships, r.int(1, 3)).sort();
        if (r.chance(0.03)) e.validFrom = '2025-01-01';
        return e;
      }),
    });
    const base = { catalogue, validFrom: '2024-01-01' };
    const listed: ListedItem[] = [];
    const plan: CallPlan = { county: h.code, townships: h.townships, items: [] };
    callPlans.push(plan);
    for (const it of chosen) {
      used.add(it.code);
      const unowned = r.chance(0.015);
      if (!unowned) {
        assignments.push({
          item: it.code,
          scope: h.code,
          body: dept(it.domainIndex),
          role: 'PRIMARY',
          duty: '负责行业监管和依法查处',
          ...base,
        });
      }
      plan.items.push({
        code: it.code,
        domain: it.domain,
        body: unowned ? `${h.code}-GOV` : dept(it.domainIndex),
        rule: unowned ? 'FALLBACK' : 'PRIMARY',
      });
      if (!unowned && r.chance(0.015)) {
        // a second department leads too: 同级多头 at every township of the county
        assignments.push({
          item: it.code,
          scope: h.code,
          body: dept((it.domainIndex + 1) % DOMAINS.length),
          role: 'PRIMARY',
          duty: '负责本行业领域相关监管',
          ...base,
        });
      }
      const supported = r.chance(0.85);
      listed.push({ code: it.code, name: it.name, category: it.category, domainIndex: it.domainIndex, supported });
      if (supported) {
        assignments.push({
          item: it.code,
          scope: h.code,
          relative: 'TOWNSHIP_GOVERNMENT',
          role: 'SUPPORTING',
          duty: '负责辖区内日常巡查，发现问题及时报告',
          ...base,
        });
      }
      if (!unowned && h.townships.length > 0 && r.chance(0.015)) {
        // a duty pushed down to one township on top of the department's: 县乡重叠
        assignments.push({
          item: it.code,
          scope: r.pick(h.townships),
          relative: 'TOWNSHIP_GOVERNMENT',
          role: 'PRIMARY',
          duty: '负责本辖区该事项',
          ...base,
          validFrom: '2025-01-01',
        });
      }
      if (it.domainIndex === 4 && stationed.length > 0 && r.chance(0.5)) {
        assignments.push({
          item: it.code,
          scope: h.code,
          body: r.pick(stationed),
          role: 'SUPPORTING',
          duty: '负责所辖乡镇（街道）日常检查',
          ...base,
          note: '派驻机构',
        });
      }
      if (it.domainIndex === 1 && r.chance(0.3)) {
        assignments.push({
          item: it.code,
          scope: h.code,
          body: `${h.code}-AJJ`,
          role: 'PRIMARY',
          duty: '负责安全生产综合监督管理',
          catalogue,
          validFrom: '2015-01-01',
          validTo: '2024-01-01',
        });
      }
    }
    // SPEC §8–9 (duty lists, empowerments, conformance) from a stream of its own: the data above is unchanged
    dutyBenchData(h, rng(seed * 7_000_003 + Number(h.code)), guideItems, listed, dept, duty);
  }
  const items = [
    ...pool.filter((i) => used.has(i.code)).map(({ domainIndex: _d, ...i }) => i),
    ...[...duty.items.values()].sort((a, b) => String(a.code).localeCompare(String(b.code))),
  ];
  const entries = catalogues.reduce((n, c) => n + (c.entries as unknown[]).length, 0);
  return {
    province,
    document: {
      format: 'shudi-catalogue/1',
      note: `generated bench data, seed ${seed}`,
      bodies,
      items,
      catalogues,
      assignments,
      empowerments: duty.empowerments,
    },
    counties: holders.length,
    townships,
    rows: bodies.length + items.length + catalogues.length + entries + assignments.length + duty.empowerments.length,
    callPlans,
  };
}

/** The county scale is the generated list of 招远市 alone (the same generator, one holder). */
export const COUNTY_SCALE_HOLDER = '370685';

export function provincesFor(scale: string): string[] {
  if (scale === 'county' || scale === 'province') return ['370000'];
  if (scale === 'nation')
    return tree()
      .filter((j) => j.level === 'PROVINCE')
      .map((j) => j.code);
  throw new Error(`--scale must be county, province or nation, not "${scale}"`);
}

/** Bumped when the generator's output changes, so files of an older generator are never reused. */
const DATA_VERSION = 2;

export function benchDataDir(scale: string, seed: number): string {
  return path.join(projectRoot(), '.data', 'bench', `${scale}-${seed}-v${DATA_VERSION}`);
}

/** The year of calls beside a province's lists. */
export const callsFile = (listFile: string) => listFile.replace(/\.json$/, '.calls.csv');

/** Writes the files (skipped when they exist) and returns their paths. */
export function writeBenchData(scale: string, seed: number, log: (s: string) => void = () => undefined): string[] {
  const dir = benchDataDir(scale, seed);
  fs.mkdirSync(dir, { recursive: true });
  return provincesFor(scale).map((p) => {
    const file = path.join(dir, `${p}.json`);
    const calls = callsFile(file);
    if (!fs.existsSync(file) || !fs.existsSync(calls)) {
      const g = generateProvince(p, seed, scale === 'county' ? COUNTY_SCALE_HOLDER : undefined);
      if (!fs.existsSync(file)) {
        fs.writeFileSync(file, JSON.stringify(g.document));
        log(`${p}: ${g.counties} list holders, ${g.townships} townships, ${g.rows} records → ${file}`);
      }
      // a year of calls, from the same lists (its own random stream: the lists above do not change)
      fs.writeFileSync(calls, callsCsv(g.callPlans, rng, seed));
      log(`${p}: a year of calls → ${calls}`);
    }
    return file;
  });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const scale = args[args.indexOf('--scale') + 1] && args.includes('--scale') ? args[args.indexOf('--scale') + 1] : 'province';
  const seed = args.includes('--seed') ? Number(args[args.indexOf('--seed') + 1]) : 1;
  const files = writeBenchData(scale, seed, (s) => process.stderr.write(`${s}\n`));
  process.stderr.write(`${files.length} file(s) in ${benchDataDir(scale, seed)}\n`);
}
