import { createHash } from 'node:crypto';
import { type AssignmentRecord, type EntryRecord, type ItemRecord } from '../../records/record.kinds';
import { isCode } from '../../records/record.parse';
import { categoryOf, CATEGORY_LABELS, normaliseName, splitBasis, splitList, type ColumnKey } from './table.layout';
import type { TableRow } from './table.read';
import type { NamedJurisdictionRow } from './table.sql';
import { inForce } from '../../records/record.window';
import type { RowsRun, TableContext } from './table.context';
import { holderKey, type HolderCell } from './table.holders';

/** One item of the table: the rows it spans (a merged 事项名称 over several rows is one item). */
export interface ItemGroup {
  rows: TableRow[];
  fields: Partial<Record<ColumnKey, { value: string; row: number }>>;
  holders: Map<string, HolderCell>;
}

/** What a group's cells say about its item, read and checked once. */
interface ItemFacts {
  code: string;
  name: string | null;
  category: string | null;
  basis: string[] | null;
}

/** A group → its item (when new), its entry, its holders' assignments and the ends of holders it no longer names. */
export function addItem(run: RowsRun, group: ItemGroup): void {
  const facts = itemFacts(run, group);
  if (!facts) return;
  const path = `row ${group.rows[0].row}`;
  const stored = run.ctx.items.get(facts.code);
  if (!stored) {
    const item = newItem(run, group, facts);
    if (!item) return;
    run.doc.items.push({ rec: item, path });
  }
  run.doc.entries.push({ path, rec: entryRecord(run, group, facts) });
  for (const h of group.holders.values())
    run.doc.assignments.push({ path: `row ${h.row}`, rec: assignment(facts.code, h, run.ctx) });
  endUnlisted(run, facts.code, group);
}

function itemFacts(run: RowsRun, group: ItemGroup): ItemFacts | null {
  const f = (k: ColumnKey) => group.fields[k]?.value ?? null;
  const code = itemCode(run, group);
  if (!code) return null;
  const category = f('category') === null ? null : categoryOf(f('category')!);
  if (f('category') !== null && category === null) {
    run.problems.push({
      path: run.at(group.fields.category!.row, 'category'),
      message: `事项类别 "${f('category')}" 无效（可用：${Object.values(CATEGORY_LABELS).join('、')}）· "${f('category')}" is not a category; allowed: ${Object.values(CATEGORY_LABELS).join(', ')}`,
    });
    return null;
  }
  const name = f('name') ?? run.ctx.items.get(code)?.name ?? null;
  return { code, name, category, basis: f('basis') === null ? null : splitBasis(f('basis')!) };
}

function newItem(run: RowsRun, group: ItemGroup, facts: ItemFacts): ItemRecord | null {
  const row = group.rows[0].row;
  const domain = group.fields.domain?.value;
  if (!domain) {
    run.problems.push({
      path: run.at(row, 'domain'),
      message: `新事项 "${facts.code}" 须填写领域（或置于“一、生态环境”这样的领域标题行下）· a new item needs its domain (领域), in its column or from a heading row above`,
    });
    return null;
  }
  if (!facts.name) {
    run.problems.push({ path: run.at(row, 'name'), message: '缺少事项名称 · the item name is missing' });
    return null;
  }
  return {
    code: facts.code,
    name: facts.name,
    domain,
    category: facts.category ?? 'TERRITORIAL',
    basis: facts.basis ?? [],
    description: null,
  };
}

/** The entry: an existing item keeps its own name, category and basis; where the table differs it is this list's deviation. */
function entryRecord(run: RowsRun, group: ItemGroup, facts: ItemFacts): EntryRecord {
  const { ctx } = run;
  const stored = ctx.items.get(facts.code);
  const entry = ctx.entries.get(facts.code);
  return {
    catalogue: ctx.catalogue.code,
    item: facts.code,
    notApplicableIn: ctx.columns.has('notApplicableIn') ? notApplicable(run, group) : (entry?.notApplicableIn ?? []),
    validFrom: entry?.validFrom ?? null,
    validTo: entry?.validTo ?? null,
    name: stored && facts.name !== stored.name ? facts.name : null,
    category: stored && facts.category !== null && facts.category !== stored.category ? facts.category : null,
    basis: stored && facts.basis !== null && JSON.stringify(facts.basis) !== JSON.stringify(stored.basis) ? facts.basis : null,
    // the 属地管理 table has no duty-list columns (SPEC §8): an entry of such a table has none
    part: null,
    lead: null,
    takenBy: null,
    duty: null,
  };
}

/**
 * A row lists its item's holders as of `effectiveFrom`: a stored PRIMARY or SUPPORTING holder of the item
 * (owner's scope, this catalogue) that the row no longer names is ended then (validTo), never deleted, so
 * who held it before stays answerable. One that starts that very day cannot be ended: a problem says what to do.
 */
function endUnlisted(run: RowsRun, item: string, group: ItemGroup): void {
  const from = run.ctx.effectiveFrom;
  for (const a of run.ctx.assignments.get(item) ?? []) {
    if (a.role !== 'PRIMARY' && a.role !== 'SUPPORTING') continue;
    if (group.holders.has(holderKey(a.role, a))) continue;
    if (from !== null ? !inForce(a, from) : a.validTo !== null) continue;
    if (from === null || (a.validFrom !== null && a.validFrom >= from)) {
      run.problems.push({
        path: run.at(group.rows[0].row, a.role === 'PRIMARY' ? 'primaryBodies' : 'supportBodies'),
        message:
          `表中不再列出 "${a.body ?? a.relative}"，但它自 ${a.validFrom ?? '清单开始'} 起负责，无法在 ${from ?? '（未给日期）'} 终止；请给出更晚的 effectiveFrom 或删除该责任分配 · ` +
          `"${a.body ?? a.relative}" is no longer listed but holds the item from ${a.validFrom ?? 'the start'}; it cannot end on ${from ?? '(no date)'}: give a later effectiveFrom or delete that assignment`,
      });
      continue;
    }
    const { id: _id, rowVersion: _v, ...rec } = a;
    run.doc.assignments.push({ path: `row ${group.rows[0].row}`, rec: { ...rec, validTo: from } });
  }
}

/** The code a row names, the item of this list (or its guiding list) with that name, or a stable code derived from the name. */
function itemCode(run: RowsRun, group: ItemGroup): string | null {
  const given = group.fields.code;
  if (given) {
    if (isCode(given.value)) return given.value;
    run.problems.push({
      path: run.at(given.row, 'code'),
      message: `事项编码 "${given.value}" 无效（字母、数字、点、下划线、连字符，最长64位）· "${given.value}" is not a valid code`,
    });
    return null;
  }
  const named = group.fields.name!;
  const name = normaliseName(named.value);
  const matches = [...new Set(run.ctx.itemNames.filter((i) => normaliseName(i.name) === name).map((i) => i.code))];
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    run.problems.push({
      path: run.at(named.row, 'name'),
      message: `"${named.value}" 对应多个事项（${matches.join('、')}），请填写事项编码 · several items are named so (${matches.join(', ')}); fill in 事项编码`,
    });
    return null;
  }
  return `${run.ctx.catalogue.owner}-T${createHash('sha1').update(name).digest('hex').slice(0, 10).toUpperCase()}`;
}

/** Places under the owner a 不适用地区 token names, by code or by name. */
const placesNamed = (ctx: TableContext, token: string): NamedJurisdictionRow[] =>
  ctx.places.get(token.normalize('NFKC')) ?? ctx.places.get(normaliseName(token)) ?? [];

function notApplicable(run: RowsRun, group: ItemGroup): string[] {
  const field = group.fields.notApplicableIn;
  if (!field) return [];
  const out = new Set<string>();
  for (const token of splitList(field.value)) {
    const found = placesNamed(run.ctx, token);
    if (found.length === 1) out.add(found[0].code);
    else {
      run.problems.push({
        path: run.at(field.row, 'notApplicableIn'),
        message:
          found.length > 1
            ? `"${token}" 对应多个辖区（${found.map((j) => j.code).join('、')}），请改填代码 · "${token}" names several places; write the code`
            : `"${token}" 不是 ${run.ctx.catalogue.owner} 下辖的地区 · "${token}" is not a place under ${run.ctx.catalogue.owner}`,
      });
    }
  }
  return [...out].sort();
}

/**
 * The assignment a holder cell stands for. A table cannot say when a holder started or ended, its
 * carve-outs or its basis: those are kept from the stored assignment the row updates (same holder and role,
 * starting at `effectiveFrom` or in force at `asOf`); a new holder starts at `effectiveFrom`.
 */
function assignment(item: string, h: HolderCell, ctx: TableContext): AssignmentRecord {
  const same = (ctx.assignments.get(item) ?? []).filter(
    (a) => a.role === h.role && a.body === h.holder.body && a.relative === h.holder.relative,
  );
  const stored = same.find((a) => a.validFrom === ctx.effectiveFrom) ?? same.find((a) => inForce(a, ctx.asOf));
  return {
    item,
    scope: ctx.catalogue.owner,
    body: h.holder.body,
    relative: h.holder.relative,
    role: h.role,
    duty: h.duty === undefined ? (stored?.duty ?? null) : h.duty,
    validFrom: stored ? stored.validFrom : ctx.effectiveFrom,
    validTo: stored?.validTo ?? null,
    exceptIn: stored?.exceptIn ?? [],
    catalogue: ctx.catalogue.code,
    basis: stored?.basis ?? [],
    note: h.note === undefined ? (stored?.note ?? null) : h.note,
  };
}
