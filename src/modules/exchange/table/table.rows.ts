import { createHash } from 'node:crypto';
import type { Problem } from '../../../errors';
import type { AssignmentRow, EntryRow, ItemRow } from '../../records/records.sql';
import { type AssignmentRecord, type CatalogueRecord, type ItemRecord } from '../../records/record.kinds';
import {
  categoryOf,
  CATEGORY_LABELS,
  HEADERS,
  isTownshipRelative,
  normaliseName,
  readPerHolder,
  splitBasis,
  splitList,
  type ColumnKey,
} from './table.layout';
import type { ItemNameRow, NamedBodyRow, NamedJurisdictionRow } from './table.sql';
import type { TableRow } from './table.read';
import { isCode } from '../../records/record.parse';
import type { ParsedDocument } from '../../records/record.batch';

/** What the database holds that rows refer to, read once per import. */
export interface TableContext {
  catalogue: CatalogueRecord;
  asOf: string;
  effectiveFrom: string | null;
  bodies: NamedBodyRow[];
  jurisdictions: NamedJurisdictionRow[];
  itemNames: ItemNameRow[];
  /** The layout's columns the sheet has: a column it lacks leaves stored values as they are. */
  columns: Set<ColumnKey>;
  items: Map<string, ItemRow>;
  entries: Map<string, EntryRow>;
  /** The catalogue's assignments at the owner's scope, by item. */
  assignments: Map<string, AssignmentRow[]>;
  /** Places under the owner by code and by name (for 不适用地区). */
  places: Map<string, NamedJurisdictionRow[]>;
}

/** Rows read from the database, keyed for lookups by item (tables run to tens of thousands of rows). */
export function indexContext(
  base: Omit<TableContext, 'items' | 'entries' | 'assignments' | 'places'>,
  rows: { items: ItemRow[]; entries: EntryRow[]; assignments: AssignmentRow[] },
): TableContext {
  const assignments = new Map<string, AssignmentRow[]>();
  for (const a of rows.assignments) assignments.set(a.item, [...(assignments.get(a.item) ?? []), a]);
  const places = new Map<string, NamedJurisdictionRow[]>();
  for (const j of base.jurisdictions) {
    for (const k of [j.code, normaliseName(j.name)]) places.set(k, [...(places.get(k) ?? []), j]);
  }
  return {
    ...base,
    items: new Map(rows.items.map((i) => [i.code, i])),
    entries: new Map(rows.entries.map((e) => [e.item, e])),
    assignments,
    places,
  };
}

type Holder = { body: string; relative: null } | { body: null; relative: 'TOWNSHIP_GOVERNMENT' };

/** A holder as its row names it; `undefined` duty or note: the sheet has no such column (keep the stored one). */
interface HolderCell {
  holder: Holder;
  role: string;
  duty: string | null | undefined;
  note: string | null | undefined;
  row: number;
  token: string;
  column: ColumnKey;
}

/** One item of the table: the rows it spans (a merged 事项名称 over several rows is one item). */
interface ItemGroup {
  rows: TableRow[];
  fields: Partial<Record<ColumnKey, { value: string; row: number }>>;
  holders: Map<string, HolderCell>;
}

const ITEM_FIELDS: ColumnKey[] = ['code', 'name', 'domain', 'category', 'basis', 'notApplicableIn'];

const inForce = (r: { validFrom: string | null; validTo: string | null }, d: string) =>
  (r.validFrom === null || r.validFrom <= d) && (r.validTo === null || r.validTo > d);

/** Rows → interchange records (items, entries, assignments) in `doc`; every unreadable cell is a problem naming it. */
export function buildRecords(rows: TableRow[], ctx: TableContext, doc: ParsedDocument, problems: Problem[]): void {
  const cell = (row: number, key: ColumnKey) => `row ${row}, ${HEADERS[key]}`;
  const resolveBody = bodyResolver(ctx, problems, cell);
  const groups = new Map<string, ItemGroup>();
  for (const row of rows) {
    const c = row.cells;
    if (!c.name && !c.code) {
      problems.push({ path: cell(row.row, 'name'), message: '缺少事项名称 · the item name is missing' });
      continue;
    }
    if (c.code) c.code = c.code.normalize('NFKC'); // ＺＹ-００１ is ZY-001
    const key = c.code ? `code:${c.code}` : `name:${normaliseName(c.name!)}`;
    const group: ItemGroup = groups.get(key) ?? { rows: [], fields: {}, holders: new Map() };
    groups.set(key, group);
    group.rows.push(row);
    mergeFields(group, row, problems, cell);
    const notes = rowNotes(row, ctx.columns);
    addHolders(group, row, 'PRIMARY', 'primaryBodies', 'primaryDuty', notes, resolveBody, problems, cell, ctx.columns);
    addHolders(group, row, 'SUPPORTING', 'supportBodies', 'supportDuty', notes, resolveBody, problems, cell, ctx.columns);
  }
  for (const group of groups.values()) addItem(group, ctx, doc, problems, cell);
}

function mergeFields(group: ItemGroup, row: TableRow, problems: Problem[], cell: (row: number, key: ColumnKey) => string) {
  for (const key of ITEM_FIELDS) {
    const value = row.cells[key];
    if (!value) continue;
    const first = group.fields[key];
    if (!first) group.fields[key] = { value, row: row.row };
    else if (first.value !== value) {
      problems.push({
        path: cell(row.row, key),
        message: `同一事项的“${HEADERS[key]}”与第 ${first.row} 行不同（"${value}" ≠ "${first.value}"）· differs from row ${first.row} for the same item ("${value}" vs "${first.value}")`,
      });
    }
  }
}

/**
 * Each holder's remark in a row (备注, read per holder, plus extra columns as `列名：值` lines), read once for
 * both roles; `undefined` when the sheet has neither (the stored remark stays).
 */
function rowNotes(row: TableRow, columns: Set<ColumnKey>): (token: string) => string | null | undefined {
  const extras = row.extras.map((e) => `${e.header}：${e.value}`);
  if (!columns.has('note') && extras.length === 0) return () => undefined;
  const all = [...splitList(row.cells.primaryBodies ?? ''), ...splitList(row.cells.supportBodies ?? '')];
  const notes = readPerHolder(row.cells.note ?? '', all);
  return (token) => [notes.get(token) ?? null, ...extras].filter((x): x is string => !!x).join('\n') || null;
}

function addHolders(
  group: ItemGroup,
  row: TableRow,
  role: 'PRIMARY' | 'SUPPORTING',
  bodiesKey: ColumnKey,
  dutyKey: ColumnKey,
  noteOf: (token: string) => string | null | undefined,
  resolveBody: (token: string, row: number, key: ColumnKey) => Holder | null,
  problems: Problem[],
  cell: (row: number, key: ColumnKey) => string,
  columns: Set<ColumnKey>,
) {
  const tokens = splitList(row.cells[bodiesKey] ?? '');
  const duties = readPerHolder(row.cells[dutyKey] ?? '', tokens);
  for (const token of tokens) {
    const holder = resolveBody(token, row.row, bodiesKey);
    if (!holder) continue;
    const note = noteOf(token);
    const key = `${role}|${holder.body ?? `@${holder.relative}`}`;
    const seen = group.holders.get(key);
    const duty = columns.has(dutyKey) ? (duties.get(token) ?? null) : undefined;
    if (seen && (seen.duty !== duty || seen.note !== note)) {
      problems.push({
        path: cell(row.row, bodiesKey),
        message: `"${token}" 在第 ${seen.row} 行已列出，但职责或备注不同 · "${token}" is already listed in row ${seen.row} with a different duty or remark`,
      });
    } else if (!seen) group.holders.set(key, { holder, role, duty, note, row: row.row, token, column: bodiesKey });
  }
}

/** Body names and codes within the owner's jurisdiction; 乡镇(街道) and its variants are the relative township government. */
function bodyResolver(ctx: TableContext, problems: Problem[], cell: (row: number, key: ColumnKey) => string) {
  const byName = new Map<string, NamedBodyRow[]>();
  for (const b of ctx.bodies.filter((x) => x.under)) {
    const k = normaliseName(b.name);
    byName.set(k, [...(byName.get(k) ?? []), b]);
  }
  const codes = new Set(ctx.bodies.map((b) => b.code));
  const owner = ctx.catalogue.owner;
  return (token: string, row: number, key: ColumnKey): Holder | null => {
    if (isTownshipRelative(token)) return { body: null, relative: 'TOWNSHIP_GOVERNMENT' };
    const asCode = token.normalize('NFKC');
    if (codes.has(asCode)) return { body: asCode, relative: null };
    let found = byName.get(normaliseName(token)) ?? [];
    if (found.length > 1) found = found.filter((b) => inForce(b, ctx.asOf));
    if (found.length === 1) return { body: found[0].code, relative: null };
    problems.push({
      path: cell(row, key),
      message:
        found.length > 1
          ? `"${token}" 对应多个责任主体（${found.map((b) => b.code).join('、')}），请改填编码 · "${token}" names several bodies of ${owner} (${found.map((b) => b.code).join(', ')}); write the code instead`
          : `"${token}" 不是 ${owner} 的责任主体（按名称在其辖区内查找；新单位请先录入）· "${token}" is not a body of ${owner}`,
    });
    return null;
  };
}

function addItem(
  group: ItemGroup,
  ctx: TableContext,
  doc: ParsedDocument,
  problems: Problem[],
  cell: (row: number, key: ColumnKey) => string,
) {
  const f = (k: ColumnKey) => group.fields[k]?.value ?? null;
  const row = group.rows[0].row;
  const path = `row ${row}`;
  const code = itemCode(group, ctx, problems, cell);
  if (!code) return;
  const category = f('category') === null ? null : categoryOf(f('category')!);
  if (f('category') !== null && category === null) {
    problems.push({
      path: cell(group.fields.category!.row, 'category'),
      message: `事项类别 "${f('category')}" 无效（可用：${Object.values(CATEGORY_LABELS).join('、')}）· "${f('category')}" is not a category; allowed: ${Object.values(CATEGORY_LABELS).join(', ')}`,
    });
    return;
  }
  const basis = f('basis') === null ? null : splitBasis(f('basis')!);
  const stored = ctx.items.get(code);
  const name = f('name') ?? stored?.name ?? null;
  if (!stored) {
    if (!f('domain')) {
      problems.push({ path: cell(row, 'domain'), message: `新事项 "${code}" 须填写领域 · a new item needs its domain (领域)` });
      return;
    }
    if (!name) return void problems.push({ path: cell(row, 'name'), message: '缺少事项名称 · the item name is missing' });
    const item: ItemRecord = {
      code,
      name,
      domain: f('domain')!,
      category: category ?? 'TERRITORIAL',
      basis: basis ?? [],
      description: null,
    };
    doc.items.push({ rec: item, path });
  }
  const entry = ctx.entries.get(code);
  doc.entries.push({
    path,
    rec: {
      catalogue: ctx.catalogue.code,
      item: code,
      notApplicableIn: ctx.columns.has('notApplicableIn')
        ? notApplicable(group, ctx, problems, cell)
        : (entry?.notApplicableIn ?? []),
      validFrom: entry?.validFrom ?? null,
      validTo: entry?.validTo ?? null,
      // the 属地管理 table has no duty-list columns (SPEC §8): an entry of such a table has none
      part: null,
      lead: null,
      takenBy: null,
      duty: null,
      // an existing item keeps its own name, category and basis; where the table says otherwise it is this list's deviation
      name: stored && name !== stored.name ? name : null,
      category: stored && category !== null && category !== stored.category ? category : null,
      basis: stored && basis !== null && JSON.stringify(basis) !== JSON.stringify(stored.basis) ? basis : null,
    },
  });
  for (const h of group.holders.values()) doc.assignments.push({ path: `row ${h.row}`, rec: assignment(code, h, ctx) });
  endUnlisted(code, group, ctx, doc, problems, cell);
}

/**
 * A row lists its item's holders as of `effectiveFrom`: a stored PRIMARY or SUPPORTING holder of the item
 * (owner's scope, this catalogue) that the row no longer names is ended then (validTo), never deleted, so
 * who held it before stays answerable. One that starts that very day cannot be ended: a problem says what to do.
 */
function endUnlisted(
  item: string,
  group: ItemGroup,
  ctx: TableContext,
  doc: ParsedDocument,
  problems: Problem[],
  cell: (row: number, key: ColumnKey) => string,
) {
  const from = ctx.effectiveFrom;
  for (const a of ctx.assignments.get(item) ?? []) {
    if (a.role !== 'PRIMARY' && a.role !== 'SUPPORTING') continue;
    if (group.holders.has(`${a.role}|${a.body ?? `@${a.relative}`}`)) continue;
    if (from !== null ? !inForce(a, from) : a.validTo !== null) continue;
    const column = a.role === 'PRIMARY' ? 'primaryBodies' : 'supportBodies';
    const at = cell(group.rows[0].row, column);
    if (from === null || (a.validFrom !== null && a.validFrom >= from)) {
      problems.push({
        path: at,
        message:
          `表中不再列出 "${a.body ?? a.relative}"，但它自 ${a.validFrom ?? '清单开始'} 起负责，无法在 ${from ?? '（未给日期）'} 终止；请给出更晚的 effectiveFrom 或删除该责任分配 · ` +
          `"${a.body ?? a.relative}" is no longer listed but holds the item from ${a.validFrom ?? 'the start'}; it cannot end on ${from ?? '(no date)'}: give a later effectiveFrom or delete that assignment`,
      });
      continue;
    }
    const { id: _id, rowVersion: _v, ...rec } = a;
    doc.assignments.push({ path: `row ${group.rows[0].row}`, rec: { ...rec, validTo: from } });
  }
}

/** The code a row names, the item of this list (or its guiding list) with that name, or a stable code derived from the name. */
function itemCode(group: ItemGroup, ctx: TableContext, problems: Problem[], cell: (row: number, key: ColumnKey) => string) {
  const given = group.fields.code;
  if (given) {
    if (isCode(given.value)) return given.value;
    problems.push({
      path: cell(given.row, 'code'),
      message: `事项编码 "${given.value}" 无效（字母、数字、点、下划线、连字符，最长64位）· "${given.value}" is not a valid code`,
    });
    return null;
  }
  const name = normaliseName(group.fields.name!.value);
  const matches = [...new Set(ctx.itemNames.filter((i) => normaliseName(i.name) === name).map((i) => i.code))];
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    problems.push({
      path: cell(group.fields.name!.row, 'name'),
      message: `"${group.fields.name!.value}" 对应多个事项（${matches.join('、')}），请填写事项编码 · several items are named so (${matches.join(', ')}); fill in 事项编码`,
    });
    return null;
  }
  return `${ctx.catalogue.owner}-T${createHash('sha1').update(name).digest('hex').slice(0, 10).toUpperCase()}`;
}

/** Places under the owner a 不适用地区 token names, by code or by name. */
const placesNamed = (ctx: TableContext, token: string): NamedJurisdictionRow[] =>
  ctx.places.get(token.normalize('NFKC')) ?? ctx.places.get(normaliseName(token)) ?? [];

function notApplicable(group: ItemGroup, ctx: TableContext, problems: Problem[], cell: (row: number, key: ColumnKey) => string) {
  const field = group.fields.notApplicableIn;
  if (!field) return [];
  const out = new Set<string>();
  for (const token of splitList(field.value)) {
    const found = placesNamed(ctx, token);
    if (found.length === 1) out.add(found[0].code);
    else {
      problems.push({
        path: cell(field.row, 'notApplicableIn'),
        message:
          found.length > 1
            ? `"${token}" 对应多个辖区（${found.map((j) => j.code).join('、')}），请改填代码 · "${token}" names several places; write the code`
            : `"${token}" 不是 ${ctx.catalogue.owner} 下辖的地区 · "${token}" is not a place under ${ctx.catalogue.owner}`,
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
