import type { Db } from '../../db/database';
import { AppError } from '../../errors';
import { NATION } from '../jurisdiction/jurisdiction.code';
import { todayInChina } from '../../dates';
import { requireScope } from '../jurisdiction/jurisdiction.scope';
import {
  CONFORMANCE_KINDS,
  CONFORMANCE_SQL,
  CONFORMANCE_SUMMARY_SQL,
  type ConformanceFindingRow,
  type ConformanceSummaryRow,
} from './conformance.sql';

export interface KindCount {
  kind: string;
  count: number;
}
export interface ConformanceReport {
  catalogue: string;
  guiding: string | null;
  asOf: string;
  findings: ConformanceFindingRow[];
  counts: KindCount[];
  total: number;
}
export interface ConformanceSummary {
  scope: string;
  asOf: string;
  counts: KindCount[];
  total: number;
  catalogueCount: number;
  catalogues: { catalogue: string; counts: KindCount[]; total: number }[];
}

const countsOf = (byKind: Record<string, number>): KindCount[] =>
  CONFORMANCE_KINDS.map((kind) => ({ kind, count: byKind[kind] ?? 0 }));

/** SPEC §9 for one catalogue at a date (today in China by default). */
export async function conformance(db: Db, catalogueCode: string, asOf?: string | null): Promise<ConformanceReport> {
  const code = catalogueCode.trim();
  const [c] = await db.query<{ code: string; guiding: string | null }>(
    'select code, guiding_code as guiding from catalogue where code = $1',
    [code],
  );
  if (!c) {
    throw new AppError('NOT_FOUND_INPUT', `catalogueCode: 清单 "${catalogueCode}" 不存在 · no catalogue "${catalogueCode}"`, [
      { path: 'catalogueCode', message: `no catalogue "${catalogueCode}"` },
    ]);
  }
  const date = asOf ?? todayInChina();
  const findings = await db.query<ConformanceFindingRow>(CONFORMANCE_SQL, [date, code]);
  const byKind: Record<string, number> = {};
  for (const f of findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return { catalogue: c.code, guiding: c.guiding, asOf: date, findings, counts: countsOf(byKind), total: findings.length };
}

/** SPEC §9 over every catalogue with a guiding one under a scope (000000: the nation), worst first. */
export async function conformanceSummary(
  db: Db,
  scopeCode: string,
  asOf?: string | null,
  first?: number | null,
): Promise<ConformanceSummary> {
  const scope = await requireScope(db, scopeCode);
  const date = asOf ?? todayInChina();
  if (first !== null && first !== undefined && (first < 0 || first > 1000)) {
    throw new AppError('INPUT_INVALID', `limit: ${first} 超出范围 0–1000 · limit must be between 0 and 1000`, [
      { path: 'limit', message: 'between 0 and 1000' },
    ]);
  }
  const rows = await db.query<ConformanceSummaryRow>(CONFORMANCE_SUMMARY_SQL, [date, scope === NATION ? null : scope]);
  const totals: Record<string, number> = {};
  for (const r of rows) for (const [k, n] of Object.entries(r.counts)) totals[k] = (totals[k] ?? 0) + n;
  return {
    scope,
    asOf: date,
    counts: countsOf(totals),
    total: rows.reduce((n, r) => n + r.total, 0),
    catalogueCount: rows.length,
    catalogues: rows.slice(0, first ?? 100).map((r) => ({ catalogue: r.catalogue, counts: countsOf(r.counts), total: r.total })),
  };
}
