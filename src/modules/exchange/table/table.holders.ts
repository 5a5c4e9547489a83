import type { Problem } from '../../../errors';
import { isTownshipRelative, normaliseName, readPerHolder, splitList, type ColumnKey } from './table.layout';
import type { TableRow } from './table.read';
import { inForce } from '../../records/record.window';
import type { RowsRun, TableContext } from './table.context';

export type Holder = { body: string; relative: null } | { body: null; relative: 'TOWNSHIP_GOVERNMENT' };

/** A holder as its row names it; `undefined` duty or note: the sheet has no such column (keep the stored one). */
export interface HolderCell {
  holder: Holder;
  role: 'PRIMARY' | 'SUPPORTING';
  duty: string | null | undefined;
  note: string | null | undefined;
  row: number;
  token: string;
  column: ColumnKey;
}

/** The two holder columns of a row and the duty column beside each. */
export const HOLDER_COLUMNS = [
  { role: 'PRIMARY', bodies: 'primaryBodies', duty: 'primaryDuty' },
  { role: 'SUPPORTING', bodies: 'supportBodies', duty: 'supportDuty' },
] as const;

export type HolderColumns = (typeof HOLDER_COLUMNS)[number];

/** A holder's key within its item: role and body (or the relative township government). */
export const holderKey = (role: string, h: { body: string | null; relative: string | null }) =>
  `${role}|${h.body ?? `@${h.relative}`}`;

export type BodyResolver = (token: string, row: number, key: ColumnKey) => Holder | null;

/** What one row says about holders, read once for both roles. */
export interface RowHolders {
  row: TableRow;
  noteOf: (token: string) => string | null | undefined;
}

/** The holders one holder column of a row names, each with its duty and remark; unknown names are problems. */
export function holderCells(run: RowsRun, resolveBody: BodyResolver, at: RowHolders, columns: HolderColumns): HolderCell[] {
  const { row, noteOf } = at;
  const tokens = splitList(row.cells[columns.bodies] ?? '');
  const duties = readPerHolder(row.cells[columns.duty] ?? '', tokens);
  const out: HolderCell[] = [];
  for (const token of tokens) {
    const holder = resolveBody(token, row.row, columns.bodies);
    if (!holder) continue;
    out.push({
      holder,
      role: columns.role,
      duty: run.ctx.columns.has(columns.duty) ? (duties.get(token) ?? null) : undefined,
      note: noteOf(token),
      row: row.row,
      token,
      column: columns.bodies,
    });
  }
  return out;
}

/** Adds a row's holder to its item; the same holder listed again must say the same (else a problem). */
export function addHolder(run: RowsRun, holders: Map<string, HolderCell>, h: HolderCell): void {
  const key = holderKey(h.role, h.holder);
  const seen = holders.get(key);
  if (!seen) holders.set(key, h);
  else if (seen.duty !== h.duty || seen.note !== h.note) {
    run.problems.push({
      path: run.at(h.row, h.column),
      message: `"${h.token}" 在第 ${seen.row} 行已列出，但职责或备注不同 · "${h.token}" is already listed in row ${seen.row} with a different duty or remark`,
    });
  }
}

/**
 * Each holder's remark in a row (备注, read per holder, plus extra columns as `列名：值` lines), read once for
 * both roles; `undefined` when the sheet has neither (the stored remark stays).
 */
export function rowNotes(row: TableRow, columns: Set<ColumnKey>): (token: string) => string | null | undefined {
  const extras = row.extras.map((e) => `${e.header}：${e.value}`);
  if (!columns.has('note') && extras.length === 0) return () => undefined;
  const all = [...splitList(row.cells.primaryBodies ?? ''), ...splitList(row.cells.supportBodies ?? '')];
  const notes = readPerHolder(row.cells.note ?? '', all);
  return (token) => [notes.get(token) ?? null, ...extras].filter((x): x is string => !!x).join('\n') || null;
}

/** Body names and codes within the owner's jurisdiction; 乡镇(街道) and its variants are the relative township government. */
export function bodyResolver(ctx: TableContext, problems: Problem[], at: RowsRun['at']): BodyResolver {
  const byName = new Map<string, TableContext['bodies']>();
  for (const b of ctx.bodies.filter((x) => x.under)) {
    const k = normaliseName(b.name);
    byName.set(k, [...(byName.get(k) ?? []), b]);
  }
  const codes = new Set(ctx.bodies.map((b) => b.code));
  const owner = ctx.catalogue.owner;
  return (token, row, key) => {
    if (isTownshipRelative(token)) return { body: null, relative: 'TOWNSHIP_GOVERNMENT' };
    const asCode = token.normalize('NFKC');
    if (codes.has(asCode)) return { body: asCode, relative: null };
    let found = byName.get(normaliseName(token)) ?? [];
    if (found.length > 1) found = found.filter((b) => inForce(b, ctx.asOf));
    if (found.length === 1) return { body: found[0].code, relative: null };
    problems.push({
      path: at(row, key),
      message:
        found.length > 1
          ? `"${token}" 对应多个责任主体（${found.map((b) => b.code).join('、')}），请改填编码 · "${token}" names several bodies of ${owner} (${found.map((b) => b.code).join(', ')}); write the code instead`
          : `"${token}" 不是 ${owner} 的责任主体（按名称在其辖区内查找；新单位请先录入）· "${token}" is not a body of ${owner}`,
    });
    return null;
  };
}
