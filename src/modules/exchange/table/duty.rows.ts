import { createHash } from 'node:crypto';
import type { Problem } from '../../../errors';
import type { ParsedDocument } from '../../records/record.batch';
import type { CatalogueRecord, EntryRecord } from '../../records/record.kinds';
import { isCode } from '../../records/record.parse';
import type { EntryRow, ItemRow } from '../../records/records.sql';
import { DUTY_LAYOUT, partOf, PART_HEADINGS, PART_LABELS, type DutyColumnKey, type DutyPart } from './duty.layout';
import type { DutyBodyRow } from './duty.sql';
import { inForce } from '../../records/record.window';
import { categoryOf, CATEGORY_LABELS, isTownshipRelative, normaliseName, splitBasis, splitList } from './table.layout';
import type { TableRow } from './table.read';
import type { ItemNameRow, NamedJurisdictionRow } from './table.sql';

/** What the database holds that the rows of a duty-list table refer to, read once per import. */
export interface DutyContext {
  catalogue: CatalogueRecord;
  asOf: string;
  bodies: DutyBodyRow[];
  itemNames: ItemNameRow[];
  /** The layout's columns the sheet has: a column it lacks leaves the stored values as they are. */
  columns: Set<DutyColumnKey>;
  items: Map<string, ItemRow>;
  entries: Map<string, EntryRow>;
  /** Places under the owner (for 不适用地区). */
  jurisdictions: NamedJurisdictionRow[];
}

type Row = TableRow<DutyColumnKey>;

/** One conversion of a duty-list table into records; every cell that cannot be read is a problem naming it. */
class DutyRows {
  private readonly seen = new Map<string, number>();
  private readonly places = new Map<string, NamedJurisdictionRow[]>();
  private readonly byName = new Map<string, DutyBodyRow[]>();
  private readonly codes: Set<string>;

  constructor(
    private readonly ctx: DutyContext,
    private readonly doc: ParsedDocument,
    private readonly problems: Problem[],
  ) {
    for (const j of ctx.jurisdictions)
      for (const k of [j.code, normaliseName(j.name)]) this.places.set(k, [...(this.places.get(k) ?? []), j]);
    for (const b of ctx.bodies.filter((x) => x.within)) {
      const k = normaliseName(b.name);
      this.byName.set(k, [...(this.byName.get(k) ?? []), b]);
    }
    this.codes = new Set(ctx.bodies.map((b) => b.code));
  }

  private problem(row: number, key: DutyColumnKey, zh: string, en: string): void {
    this.problems.push({ path: `row ${row}, ${DUTY_LAYOUT.headers[key]}`, message: `${zh} · ${en}` });
  }

  add(row: Row): void {
    const code = this.itemCode(row);
    const part = this.part(row);
    if (!code || !part) return;
    const first = this.seen.get(code);
    if (first !== undefined) {
      this.problem(
        row.row,
        row.cells.code ? 'code' : 'name',
        `事项 "${code}" 已在第 ${first} 行列出；一份履职事项清单每个事项只列一次`,
        `item "${code}" is already listed in row ${first}; a duty list lists each item once`,
      );
      return;
    }
    this.seen.set(code, row.row);
    const holder = this.holder(row, part);
    const category = this.category(row);
    const notApplicableIn = this.notApplicable(row, code);
    if (holder === undefined || category === undefined || notApplicableIn === null) return;
    const path = `row ${row.row}`;
    const stored = this.ctx.items.get(code);
    const name = row.cells.name ?? stored?.name ?? null;
    // an empty 依据 cell says nothing about an existing item's basis (as in the 属地管理 table)
    const basis = row.cells.basis ? splitBasis(row.cells.basis) : null;
    if (!stored) {
      const domain = row.cells.domain ?? subHeading(row);
      if (!domain || !name) {
        this.problem(
          row.row,
          !name ? 'name' : 'domain',
          !name ? '缺少事项名称' : `新事项 "${code}" 须填写领域（领域列，或部分标题下的小标题行如“（一）生态环境”）`,
          !name
            ? 'the item name is missing'
            : `a new item needs its domain: a 领域 column, or a sub-heading such as "（一）生态环境" under the part heading`,
        );
        return;
      }
      this.doc.items.push({
        path,
        rec: { code, name, domain, category: category ?? 'TERRITORIAL', basis: basis ?? [], description: null },
      });
    }
    this.doc.entries.push({ path, rec: this.entry(row, code, part, holder, { name, category, basis, notApplicableIn }) });
  }

  private entry(
    row: Row,
    code: string,
    part: DutyPart,
    holder: string | null,
    facts: { name: string | null; category: string | null; basis: string[] | null; notApplicableIn: string[] },
  ): EntryRecord {
    const stored = this.ctx.items.get(code);
    const entry = this.ctx.entries.get(code);
    return {
      catalogue: this.ctx.catalogue.code,
      item: code,
      notApplicableIn: facts.notApplicableIn,
      validFrom: entry?.validFrom ?? null,
      validTo: entry?.validTo ?? null,
      // where the table differs from the item, the difference is this list's deviation
      name: stored && facts.name !== null && facts.name !== stored.name ? facts.name : null,
      category: stored && facts.category !== null && facts.category !== stored.category ? facts.category : null,
      basis: stored && facts.basis !== null && JSON.stringify(facts.basis) !== JSON.stringify(stored.basis) ? facts.basis : null,
      part,
      lead: part === 'COOPERATING' ? holder : null,
      takenBy: part === 'RECLAIMED' ? holder : null,
      duty: this.duty(row, entry),
    };
  }

  /** The code a row names, the item of the lists around this one with that name, or a stable code derived from the name. */
  private itemCode(row: Row): string | null {
    const c = row.cells;
    if (c.code) {
      const code = c.code.normalize('NFKC');
      if (isCode(code)) return code;
      this.problem(
        row.row,
        'code',
        `事项编码 "${c.code}" 无效（字母、数字、点、下划线、连字符，最长64位）`,
        `"${c.code}" is not a valid code (letters, digits, . _ -, up to 64)`,
      );
      return null;
    }
    if (!c.name) {
      this.problem(row.row, 'name', '缺少事项名称', 'the item name is missing');
      return null;
    }
    const name = normaliseName(c.name);
    const matches = [...new Set(this.ctx.itemNames.filter((i) => normaliseName(i.name) === name).map((i) => i.code))];
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      this.problem(
        row.row,
        'name',
        `"${c.name}" 对应多个事项（${matches.join('、')}），请填写事项编码`,
        `several items are named "${c.name}" (${matches.join(', ')}); fill in 事项编码`,
      );
      return null;
    }
    return `${this.ctx.catalogue.owner}-D${createHash('sha1').update(name).digest('hex').slice(0, 10).toUpperCase()}`;
  }

  /** The part from the row's 部分 cell, else from the nearest part heading above; both given, they must agree. */
  private part(row: Row): DutyPart | null {
    const cell = row.cells.part;
    const headed =
      [...row.headings]
        .reverse()
        .map(partOfHeading)
        .find((p) => p !== null) ?? null;
    const allowed = Object.values(PART_LABELS).join('、');
    if (cell) {
      const part = partOf(cell);
      if (!part) {
        this.problem(
          row.row,
          'part',
          `"${cell}" 不是履职事项清单的部分（可用：${allowed}，或 ${Object.values(PART_HEADINGS).join('、')}）`,
          `"${cell}" is not a part of a duty list; allowed: 基本 (BASIC), 配合 (COOPERATING), 收回 (RECLAIMED)`,
        );
        return null;
      }
      if (headed && headed !== part) {
        this.problem(
          row.row,
          'part',
          `"${cell}" 与所在标题“${PART_HEADINGS[headed]}”不一致`,
          `"${cell}" disagrees with the part heading above it (${headed})`,
        );
        return null;
      }
      return part;
    }
    if (headed) return headed;
    this.problem(
      row.row,
      'part',
      `未给出部分：请填写“部分”列（${allowed}），或将此行置于“一、基本履职事项”这样的标题行下`,
      `no part: fill in a 部分 column (基本 / 配合 / 收回) or put the row under a heading such as "一、基本履职事项"`,
    );
    return null;
  }

  /**
   * The body that leads (配合) or took the item back (收回): from 牵头部门 / 承接部门, or the combined column.
   * `undefined` when the row has a problem; null for a part that names none.
   */
  private holder(row: Row, part: DutyPart): string | null | undefined {
    const c = row.cells;
    const own: DutyColumnKey | null = part === 'COOPERATING' ? 'lead' : part === 'RECLAIMED' ? 'takenBy' : null;
    let ok = true;
    for (const key of ['lead', 'takenBy', 'leadOrTakenBy'] as const) {
      if (!c[key] || key === own || (key === 'leadOrTakenBy' && own !== null)) continue;
      ok = false;
      this.problem(
        row.row,
        key,
        `"${c[key]}"：${PART_LABELS[part]}事项不填${DUTY_LAYOUT.headers[key]}（牵头部门只用于配合事项，承接部门只用于收回事项）`,
        `"${c[key]}": a ${part} item has no ${key === 'lead' ? 'lead' : key === 'takenBy' ? 'takenBy' : 'lead or takenBy'} ` +
          `(牵头部门 is for COOPERATING items, 承接部门 for RECLAIMED ones)`,
      );
    }
    if (!ok) return undefined;
    if (own === null) return null;
    if (c[own] && c.leadOrTakenBy && normaliseName(c[own]!) !== normaliseName(c.leadOrTakenBy)) {
      this.problem(
        row.row,
        'leadOrTakenBy',
        `"${c.leadOrTakenBy}" 与${DUTY_LAYOUT.headers[own]} "${c[own]}" 不一致`,
        `"${c.leadOrTakenBy}" disagrees with ${DUTY_LAYOUT.headers[own]} "${c[own]}"`,
      );
      return undefined;
    }
    const key: DutyColumnKey = c[own]
      ? own
      : c.leadOrTakenBy
        ? 'leadOrTakenBy'
        : this.ctx.columns.has(own)
          ? own
          : 'leadOrTakenBy';
    const cell = c[key];
    const what = own === 'lead' ? '牵头部门' : '承接部门';
    if (!cell) {
      this.problem(
        row.row,
        key,
        `${PART_LABELS[part]}事项须填写${what}（${this.ctx.catalogue.owner} 或其上级的一个单位）`,
        `a ${part} item needs its ${own === 'lead' ? 'leading body' : 'body that took it back'}: one body of ${this.ctx.catalogue.owner} or above`,
      );
      return undefined;
    }
    return this.body(row.row, key, cell) ?? undefined;
  }

  /** One body by name (of the owner's jurisdiction or above) or by code. */
  private body(row: number, key: DutyColumnKey, cell: string): string | null {
    const owner = this.ctx.catalogue.owner;
    const tokens = splitList(cell);
    if (tokens.length !== 1 || isTownshipRelative(tokens[0])) {
      this.problem(
        row,
        key,
        `"${cell}" 应为一个单位（${owner} 或其上级的单位名称或编码）`,
        `"${cell}" must name one body: the name or code of a body of ${owner} or of a jurisdiction above it`,
      );
      return null;
    }
    const token = tokens[0];
    const asCode = token.normalize('NFKC');
    if (this.codes.has(asCode)) return asCode;
    let found = this.byName.get(normaliseName(token)) ?? [];
    if (found.length > 1) found = found.filter((b) => inForce(b, this.ctx.asOf));
    if (found.length === 1) return found[0].code;
    if (found.length > 1) {
      this.problem(
        row,
        key,
        `"${token}" 对应多个责任主体（${found.map((b) => b.code).join('、')}），请改填编码`,
        `"${token}" names several bodies (${found.map((b) => b.code).join(', ')}); write the code instead`,
      );
    } else {
      this.problem(
        row,
        key,
        `"${token}" 不是 ${owner} 或其上级的责任主体（按名称在 ${owner} 及其上级辖区的单位中查找，或填写单位编码；新单位请先录入）`,
        `"${token}" is not a body of ${owner} or of a jurisdiction above it; allowed: the name or code of such a body (enter a new body first)`,
      );
    }
    return null;
  }

  /** The category cell: a SPEC §3 label; `undefined` when it cannot be read, null when empty. */
  private category(row: Row): string | null | undefined {
    const cell = row.cells.category;
    if (!cell) return null;
    const category = categoryOf(cell);
    if (category) return category;
    this.problem(
      row.row,
      'category',
      `事项类别 "${cell}" 无效（可用：${Object.values(CATEGORY_LABELS).join('、')}；部分请填在“部分”列）`,
      `"${cell}" is not a category; allowed: ${Object.values(CATEGORY_LABELS).join(', ')} (the part goes in 部分)`,
    );
    return undefined;
  }

  /** 不适用地区 by name or code under the owner; the stored value when the sheet has no such column. */
  private notApplicable(row: Row, code: string): string[] | null {
    if (!this.ctx.columns.has('notApplicableIn')) return this.ctx.entries.get(code)?.notApplicableIn ?? [];
    const out = new Set<string>();
    let ok = true;
    for (const token of splitList(row.cells.notApplicableIn ?? '')) {
      const found = this.places.get(token.normalize('NFKC')) ?? this.places.get(normaliseName(token)) ?? [];
      if (found.length === 1) {
        out.add(found[0].code);
        continue;
      }
      ok = false;
      this.problem(
        row.row,
        'notApplicableIn',
        found.length > 1
          ? `"${token}" 对应多个辖区（${found.map((j) => j.code).join('、')}），请改填代码`
          : `"${token}" 不是 ${this.ctx.catalogue.owner} 下辖的地区`,
        found.length > 1
          ? `"${token}" names several places; write the code`
          : `"${token}" is not a place under ${this.ctx.catalogue.owner}`,
      );
    }
    return ok ? [...out].sort() : null;
  }

  /**
   * 履职内容. An entry has no remark of its own: a 备注 and columns shudi does not know are kept as
   * `备注：…` / `列名：值` lines of the duty text (export writes all of it in 履职内容, so a second import
   * reads the same). A sheet with none of these columns keeps the stored text.
   */
  private duty(row: Row, entry: EntryRow | undefined): string | null {
    const c = row.cells;
    if (!this.ctx.columns.has('duty') && !this.ctx.columns.has('note') && row.extras.length === 0) return entry?.duty ?? null;
    const lines = [c.duty, c.note ? `备注：${c.note}` : undefined, ...row.extras.map((e) => `${e.header}：${e.value}`)];
    return lines.filter((l): l is string => !!l && l.trim() !== '').join('\n') || null;
  }
}

/** The text of the nearest heading below the last part heading (`（一）生态环境`): a new item's domain. */
function subHeading(row: Row): string | null {
  const last = row.headings.at(-1);
  return last !== undefined && partOfHeading(last) === null ? last : null;
}

/** The part a heading row names (`一、基本履职事项`); a sub-heading such as `（三）基本公共服务` names none. */
const partOfHeading = (text: string): DutyPart | null => (DUTY_LAYOUT.isHeading!(text) ? partOf(text) : null);

/** Rows of a duty-list table → interchange items and DUTY entries in `doc`. */
export function buildDutyRecords(rows: Row[], ctx: DutyContext, doc: ParsedDocument, problems: Problem[]): void {
  const run = new DutyRows(ctx, doc, problems);
  for (const row of rows) run.add(row);
}
