/**
 * SPEC §8–9 bench data for one list holder (a county, or a city without counties), added to what
 * generate.ts writes for its 属地管理 list. Drawn from its own random stream, so the 属地管理 data stays as it was:
 * - per province a guiding 赋权事项指导目录 of 12 power items (处罚 / 检查 / 许可 / 强制); per county its 赋权事项清单
 *   (a second LOCAL list, `guiding` the province's) with a few per cent of each conformance finding (SPEC §9),
 *   led by the township governments, with empowerments over the county for most (4% none, 10% with one township
 *   carved out);
 * - the common duty list (通用清单, DUTY, from 2025): 10–20 township duties of their own and the power items as
 *   基本; the 属地管理 items the townships support as 配合 led by the PRIMARY department; those they do not
 *   support mostly as 收回 taken by that department;
 * - 4% of townships with their own list: the common one with a few per cent dropped, two duties added.
 * A few per cent of the common list's items fire each new flag kind: 3% of the items as 基本 though a
 * department leads (BASIC_LED_ABOVE), 3% of the supported ones left out (DUTY_NOT_LISTED), 3% as 收回 though
 * still supported (RECLAIMED_STILL_ASSIGNED), 3% led by a department that is not the PRIMARY one
 * (COOPERATION_WITHOUT_LEAD), and the power items without an empowerment (POWER_WITHOUT_EMPOWERMENT).
 */

export interface DutyRng {
  int: (lo: number, hi: number) => number;
  chance: (p: number) => boolean;
  pick: <T>(xs: T[]) => T;
  sample: <T>(xs: T[], n: number) => T[];
}

/** One 属地管理 item of the holder's list, and what the generator gave it. */
export interface ListedItem {
  code: string;
  name: string;
  category: string;
  domainIndex: number;
  /** The township governments support it (SUPPORTING, relative). */
  supported: boolean;
}

export interface DutyHolder {
  code: string;
  name: string;
  townships: string[];
}

export interface DutyOut {
  items: Map<string, Record<string, unknown>>;
  catalogues: Record<string, unknown>[];
  assignments: Record<string, unknown>[];
  empowerments: Record<string, unknown>[];
}

const TOWNSHIP_DUTIES = [
  '基层党组织建设',
  '村（社区）“两委”换届',
  '基层民主协商',
  '社会救助申请受理',
  '特困人员供养',
  '高龄津贴初审',
  '残疾人两项补贴初审',
  '退役军人服务保障',
  '就业创业服务',
  '城乡居民养老保险经办',
  '城乡居民医疗保险参保',
  '农村人居环境整治',
  '村庄规划编制协助',
  '农田水利设施管护',
  '防返贫动态监测',
  '矛盾纠纷排查化解',
  '网格化服务管理',
  '信访事项受理',
  '平安建设',
  '禁毒宣传',
  '综治中心建设',
  '文化站管理',
  '全民健身活动组织',
  '计划生育服务',
  '爱国卫生活动',
  '疫情防控网格管理',
  '人口普查协助',
  '农业普查协助',
  '防灾减灾宣传',
  '应急队伍建设',
  '河湖长制日常巡河',
  '林长制日常巡林',
  '殡葬改革宣传',
  '移风易俗',
  '志愿服务组织',
  '新时代文明实践站',
  '集体资产管理',
  '村级财务监督',
  '土地承包经营纠纷调解',
  '宅基地申请初审',
];
const TOWNSHIP_POOL = TOWNSHIP_DUTIES.map((name, i) => ({
  code: `GEN-TW-${String(i + 1).padStart(2, '0')}`,
  name,
  domain: '基层治理',
  category: i % 3 === 0 ? 'PUBLIC_SERVICE' : 'TERRITORIAL',
  basis: ['《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》'],
}));

/** Powers counties hand to townships (放权赋能), with the department (generate.ts DOMAINS index) that supervises. */
const POWERS: [string, string, number][] = [
  ['对露天焚烧秸秆的行政处罚', 'PENALTY', 0],
  ['对建筑工地扬尘污染的行政处罚', 'PENALTY', 0],
  ['对餐饮油烟超标排放的行政处罚', 'PENALTY', 0],
  ['对生产经营单位安全生产的行政检查', 'INSPECTION', 1],
  ['对烟花爆竹经营的行政检查', 'INSPECTION', 1],
  ['对违法建设的行政处罚', 'PENALTY', 2],
  ['对违法建设的查封施工现场', 'COERCION', 2],
  ['对占道经营的行政处罚', 'PENALTY', 2],
  ['对户外广告设置的行政许可', 'LICENSING', 2],
  ['对乱贴乱画的行政处罚', 'PENALTY', 2],
  ['对非法占用耕地的行政处罚', 'PENALTY', 3],
  ['对农村村民住宅用地的审批', 'LICENSING', 3],
  ['对食品小作坊的行政检查', 'INSPECTION', 4],
  ['对农药经营的行政检查', 'INSPECTION', 5],
  ['对畜禽养殖场的行政检查', 'INSPECTION', 5],
  ['对河道管理范围内建设的行政处罚', 'PENALTY', 6],
  ['对城镇燃气经营的行政检查', 'INSPECTION', 7],
  ['对公路用地范围内设置设施的行政许可', 'LICENSING', 8],
  ['对公共场所卫生的行政检查', 'INSPECTION', 9],
  ['对校外培训机构的行政检查', 'INSPECTION', 10],
  ['对养犬的行政处罚', 'PENALTY', 11],
  ['对消防安全的行政检查', 'INSPECTION', 12],
  ['对殡葬设施建设的行政处罚', 'PENALTY', 13],
  ['对拖欠农民工工资的行政检查', 'INSPECTION', 14],
];
const POWER_POOL = POWERS.map(([name, category, domainIndex], i) => ({
  code: `GEN-PW-${String(i + 1).padStart(2, '0')}`,
  name,
  domain: '综合执法',
  category,
  domainIndex,
  basis: [`《${name.replace(/^对|的.*$/g, '')}相关法律法规》`],
}));

const MODES = ['DELEGATED', 'DELEGATED', 'DELEGATED', 'DELEGATED', 'DELEGATED', 'ENTRUSTED', 'ENTRUSTED', 'CONCENTRATED'];
const OWN_LIST_SHARE = 0.04;
const FIRE = 0.03;

/** The province's guiding 赋权事项 catalogue: 12 of the power pool, the same for every county of the province. */
export function powerGuide(
  province: string,
  r: DutyRng,
): { catalogue: Record<string, unknown>; items: Record<string, unknown>[] } {
  const chosen = r.sample(POWER_POOL, 12).sort((a, b) => a.code.localeCompare(b.code));
  return {
    catalogue: {
      code: `${province}-PWR-GUIDE`,
      name: `${province} 乡镇（街道）赋权事项指导目录`,
      owner: province,
      kind: 'GUIDING',
      entries: chosen.map((p) => ({ item: p.code })),
    },
    items: POWER_POOL.map(({ domainIndex: _d, ...item }) => item),
  };
}

const POWER_CATEGORIES = ['PENALTY', 'INSPECTION', 'LICENSING', 'COERCION'];

/**
 * The county's power list, derived from the province's guide (三级四同): 3% of its items dropped, now and
 * then one added, 3% renamed, 2% recategorised (to another power category), 2% rebased; township
 * governments lead each, the department supervises, and most are empowered. Returns the power items.
 */
function powers(h: DutyHolder, guide: string[], r: DutyRng, dept: (d: number) => string, out: DutyOut): string[] {
  const byCode = new Map(POWER_POOL.map((p) => [p.code, p]));
  const codes = guide.filter(() => !r.chance(FIRE));
  if (r.chance(0.3)) codes.push(r.pick(POWER_POOL.filter((p) => !guide.includes(p.code))).code);
  const chosen = codes.map((c) => byCode.get(c)!).sort((a, b) => a.code.localeCompare(b.code));
  const catalogue = `${h.code}-PWR-2024`;
  out.catalogues.push({
    code: catalogue,
    name: `${h.name}乡镇（街道）赋权事项清单`,
    owner: h.code,
    kind: 'LOCAL',
    guiding: `${h.code.slice(0, 2)}0000-PWR-GUIDE`,
    validFrom: '2024-01-01',
    entries: chosen.map((p) => ({
      item: p.code,
      ...(r.chance(FIRE) ? { name: `${p.name}（${h.name}）` } : {}),
      ...(r.chance(0.02) ? { category: r.pick(POWER_CATEGORIES.filter((c) => c !== p.category)) } : {}),
      ...(r.chance(0.02) ? { basis: [...p.basis, `《${h.name}实施办法》`] } : {}),
    })),
  });
  const base = { scope: h.code, catalogue, validFrom: '2024-01-01' };
  for (const p of chosen) {
    out.assignments.push({ item: p.code, relative: 'TOWNSHIP_GOVERNMENT', role: 'PRIMARY', duty: '依法行使该项职权', ...base });
    out.assignments.push({ item: p.code, body: dept(p.domainIndex), role: 'SUPERVISING', duty: '负责业务指导和监督', ...base });
    if (r.chance(0.04)) continue; // 放责不放权 at every township
    out.empowerments.push({
      item: p.code,
      scope: h.code,
      mode: r.pick(MODES),
      basis: [`《${h.name}关于赋予乡镇（街道）部分县级行政权力事项的决定》`],
      validFrom: '2024-01-01',
      ...(h.townships.length > 1 && r.chance(0.1) ? { exceptIn: [r.pick(h.townships)] } : {}),
    });
  }
  return chosen.map((p) => p.code);
}

/** The common list's entries: each new flag kind fires on a few per cent of them. */
function commonEntries(r: DutyRng, listed: ListedItem[], power: string[], dept: (d: number) => string, out: DutyOut) {
  const entries: Record<string, unknown>[] = [];
  for (const t of r.sample(TOWNSHIP_POOL, r.int(10, 20))) {
    out.items.set(t.code, t);
    entries.push({ item: t.code, part: 'BASIC', duty: '负责组织实施' });
  }
  for (const code of power) entries.push({ item: code, part: 'BASIC', duty: '依法行使赋予的职权' });
  for (const it of listed) {
    const lead = dept(it.domainIndex);
    if (r.chance(FIRE)) entries.push({ item: it.code, part: 'BASIC' });
    else if (!it.supported) {
      if (r.chance(0.7)) entries.push({ item: it.code, part: 'RECLAIMED', takenBy: lead });
    } else if (r.chance(FIRE)) continue;
    else if (r.chance(FIRE)) entries.push({ item: it.code, part: 'RECLAIMED', takenBy: lead });
    else {
      const other = dept((it.domainIndex + 3) % 15);
      entries.push({ item: it.code, part: 'COOPERATING', lead: r.chance(FIRE) ? other : lead, duty: '配合做好日常巡查' });
    }
  }
  return entries.sort((a, b) => String(a.item).localeCompare(String(b.item)));
}

/** A township's own list: the common one with a few per cent dropped (DUTY_NOT_LISTED there), two duties added, some renamed. */
function ownList(
  r: DutyRng,
  township: string,
  common: Record<string, unknown>,
  info: Map<string, { name: unknown; category: unknown }>,
  out: DutyOut,
) {
  const entries = common.entries as Record<string, unknown>[];
  const listed = new Set(entries.map((e) => e.item));
  const own = entries
    .filter(() => !r.chance(FIRE))
    .map((e) => {
      const x = { ...e };
      const item = info.get(String(e.item));
      if (item && r.chance(FIRE)) x.name = `${String(item.name)}（本镇）`;
      return x;
    });
  for (const t of r.sample(TOWNSHIP_POOL, 2).filter((t) => !listed.has(t.code))) {
    out.items.set(t.code, t);
    own.push({ item: t.code, part: 'BASIC', duty: '本镇自有事项' });
  }
  out.catalogues.push({
    code: `${township}-DUTY-2025`,
    name: `${township}履行职责事项清单`,
    owner: township,
    kind: 'DUTY',
    validFrom: r.chance(0.2) ? '2025-07-01' : '2025-01-01',
    entries: own.sort((a, b) => String(a.item).localeCompare(String(b.item))),
  });
}

/** Everything of SPEC §8–9 for one holder (nothing for a holder without townships). */
export function dutyBenchData(
  h: DutyHolder,
  r: DutyRng,
  guide: string[],
  listed: ListedItem[],
  dept: (d: number) => string,
  out: DutyOut,
): void {
  if (h.townships.length === 0) return;
  const power = powers(h, guide, r, dept, out);
  const entries = commonEntries(r, listed, power, dept, out);
  const common = {
    code: `${h.code}-DUTY-2025`,
    name: `${h.name}乡镇（街道）履行职责事项通用清单`,
    owner: h.code,
    kind: 'DUTY',
    validFrom: '2025-01-01',
    entries,
  };
  out.catalogues.push(common);
  const info = new Map<string, { name: unknown; category: unknown }>();
  for (const i of listed) info.set(i.code, i);
  for (const [code, i] of out.items) info.set(code, { name: i.name, category: i.category });
  for (const t of h.townships) if (r.chance(OWN_LIST_SHARE)) ownList(r, t, common, info, out);
}
