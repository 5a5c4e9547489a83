import { createContext, useContext } from 'react';

/** Chinese first; every string the console shows has its English beside it here. */
const STRINGS = {
  title: ['属地管理责任清单', 'Responsibility lists'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  token: ['令牌', 'Token'],
  tokenHelp: [
    '粘贴令牌，或打开 npm run cli -- token … --console 打印的链接',
    'Paste a token, or open the link printed by npm run cli -- token … --console',
  ],
  anonymous: ['匿名（只读）', 'Anonymous (read only)'],
  continueAnonymous: ['不登录，只读浏览', 'Browse read-only without signing in'],
  role: ['角色', 'Role'],
  scope: ['范围', 'Scope'],
  everywhere: ['全部', 'Everywhere'],
  mayWrite: ['可写', 'May write'],
  nothing: ['无', 'Nothing'],
  invalidToken: ['令牌无效或已过期', 'The token is invalid or expired'],
  chain: ['责任链', 'Who is responsible'],
  problems: ['问题', 'Problems'],
  lists: ['清单', 'Lists'],
  item: ['事项', 'Item'],
  place: ['地点', 'Place'],
  date: ['日期', 'Date'],
  searchItem: ['事项名称、编码或领域', 'Item name, code or domain'],
  searchPlace: ['区划名称或代码', 'Place name or code'],
  show: ['查询', 'Show'],
  level: ['层级', 'Level'],
  holders: ['责任人', 'Holders'],
  body: ['责任主体', 'Body'],
  duty: ['职责', 'Duty'],
  resolution: ['解析方式', 'How resolved'],
  fromList: ['来源清单', 'From list'],
  writtenAt: ['写在', 'Written at'],
  primary: ['主体责任', 'Primary'],
  flags: ['问题标记', 'Flags'],
  noFlags: ['无问题标记', 'No flags'],
  notApplicable: ['该事项在此地不适用（无在施行的清单列明）', 'The item does not apply here (no list in force lists it)'],
  noHolders: ['无', 'None'],
  inactive: ['失效', 'inactive'],
  acknowledged: ['已确认', 'Acknowledged'],
  acknowledge: ['确认为合理', 'Acknowledge'],
  reason: ['理由', 'Reason'],
  reasonRequired: ['请填写理由', 'A reason is required'],
  kinds: ['类别', 'Kinds'],
  includeAcknowledged: ['含已确认', 'Include acknowledged'],
  countsByKind: ['按类别计数', 'Counts by kind'],
  heatMap: ['乡镇 × 领域', 'Township × domain'],
  heatHelp: ['点击格子查看该乡镇该领域的问题', 'Click a cell to list that township’s flags in that domain'],
  total: ['合计', 'Total'],
  domain: ['领域', 'Domain'],
  kind: ['类别', 'Kind'],
  township: ['乡镇（街道）', 'Township'],
  filter: ['筛选', 'Filter'],
  clear: ['清除', 'Clear'],
  catalogue: ['清单', 'Catalogue'],
  entries: ['条目', 'Entries'],
  versions: ['版本', 'Versions'],
  validFrom: ['施行日', 'In force from'],
  owner: ['所属地', 'Owner'],
  guiding: ['指导目录', 'Guiding catalogue'],
  diff: ['比较版本', 'Compare versions'],
  added: ['新增', 'Added'],
  removed: ['删除', 'Removed'],
  changed: ['修改', 'Changed'],
  field: ['字段', 'Field'],
  before: ['原值', 'Before'],
  after: ['新值', 'After'],
  download: ['下载 Excel', 'Download Excel'],
  downloadCsv: ['下载 CSV', 'Download CSV'],
  upload: ['上传表格', 'Upload a sheet'],
  uploadHelp: ['先试导入（不写入），确认无误后再导入', 'A dry run first (nothing written); import once it is clean'],
  dryRun: ['试导入', 'Dry run'],
  importNow: ['确认导入', 'Import'],
  dryRunClean: ['试导入无问题，可以导入', 'The dry run found no problems: ready to import'],
  imported: ['已导入', 'Imported'],
  problemsFound: ['发现问题，未写入任何内容', 'Problems found; nothing was written'],
  row: ['行', 'Row'],
  column: ['列', 'Column'],
  message: ['说明', 'Message'],
  created: ['新增', 'Created'],
  updated: ['更新', 'Updated'],
  unchanged: ['未变', 'Unchanged'],
  county: ['县（市、区）代码', 'County code'],
  pickScope: ['选择范围', 'Pick a scope'],
  loading: ['加载中…', 'Loading…'],
  error: ['出错了', 'Something went wrong'],
  language: ['English', '中文'],
  readOnlyRole: ['当前角色不能写入', 'This role may not write'],
  none: ['—', '—'],
} as const;

export type Lang = 'zh' | 'en';
export type Key = keyof typeof STRINGS;

export const LangContext = createContext<Lang>('zh');

export function useT(): (key: Key) => string {
  const lang = useContext(LangContext);
  return (key) => STRINGS[key][lang === 'zh' ? 0 : 1];
}

export const LEVEL: Record<string, [string, string]> = {
  PROVINCE: ['省', 'Province'],
  CITY: ['市', 'City'],
  COUNTY: ['县', 'County'],
  TOWNSHIP: ['乡镇', 'Township'],
};
export const ROLE: Record<string, [string, string]> = {
  PRIMARY: ['主体责任', 'Primary'],
  SUPPORTING: ['配合责任', 'Supporting'],
  SUPERVISING: ['指导监督', 'Supervising'],
};
export const RESOLUTION: Record<string, [string, string]> = {
  DIRECT: ['直接写明', 'Named directly'],
  RELATIVE: ['属地乡镇', 'Township government (relative)'],
  VIA_SUCCESSOR: ['经承继单位', 'Via successor'],
  TEMPLATE: ['属地模板（未解析）', 'Template (unresolved)'],
  INACTIVE: ['已失效', 'Inactive'],
};
/** Each flag kind with what it means, for the chain page's explanation and the charts. */
export const FLAG: Record<string, [string, string, string, string]> = {
  OVERLAP_COUNTY_TOWNSHIP: [
    '县乡职责重叠',
    'County–township overlap',
    '乡级与上级同时有主体责任',
    'Active PRIMARY holders both at township level and above',
  ],
  OVERLAP_SAME_LEVEL: [
    '同级多头',
    'Same-level overlap',
    '同一层级两个以上主体责任单位',
    'Two or more distinct active PRIMARY holders at one level',
  ],
  GAP_NO_HOLDER: [
    '无人负责',
    'No holder',
    '适用，但无主体也无有效配合责任单位',
    'Applies, with no PRIMARY and no active SUPPORTING holder',
  ],
  GAP_SUPPORT_ONLY: [
    '有配合无主体',
    'Support only',
    '适用，无主体责任单位，只有配合',
    'Applies, no PRIMARY, some active SUPPORTING holder',
  ],
  GAP_INACTIVE_PRIMARY: ['主体已撤销', 'Inactive primary', '主体责任单位均已失效', 'Every PRIMARY holder is inactive'],
  UNLISTED_TOWNSHIP_DUTY: [
    '清单外属地事项',
    'Unlisted township duty',
    '乡镇承担了在此不适用的清单外事项',
    'A township-level holder for an item not applicable there',
  ],
  ROLE_CONFLICT: ['角色冲突', 'Role conflict', '同一单位既主办又配合', 'One body is both PRIMARY and SUPPORTING'],
  OUT_OF_JURISDICTION: [
    '越界主体',
    'Out of jurisdiction',
    '主体不属于该地或其上级',
    'A holder from outside the place and its ancestors',
  ],
};

export function pick<T extends readonly string[]>(lang: Lang, pair: T | undefined, fallback = ''): string {
  if (!pair) return fallback;
  return lang === 'zh' ? pair[0] : pair[1];
}
