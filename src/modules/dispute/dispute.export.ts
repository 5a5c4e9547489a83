import ExcelJS from 'exceljs';
import type { Db } from '../../db/database';
import { todayInChina } from '../../dates';
import { requireScope } from '../jurisdiction/jurisdiction.scope';
import { DISPUTE_STATE_ZH, type DisputeState } from './dispute.rules';
import { disputeFilterParams, disputeLimits, type DisputeFilter } from './dispute.service';
import * as sql from './dispute.sql';

/** The columns of the 裁定清单, headers 中文 · English. */
const COLUMNS: { header: string; width: number }[] = [
  { header: '争议编号 · No.', width: 10 },
  { header: '事项编码 · Item', width: 16 },
  { header: '事项名称 · Item name', width: 24 },
  { header: '争议事由 · Subject', width: 36 },
  { header: '涉及地点 · Places', width: 24 },
  { header: '当事方 · Parties', width: 30 },
  { header: '提出方 · Raised by', width: 18 },
  { header: '状态 · State', width: 12 },
  { header: '提出日期 · Raised on', width: 12 },
  { header: '裁定期限 · Rule by', width: 12 },
  { header: '超期 · Overdue', width: 8 },
  { header: '裁定结论 · Decision', width: 40 },
  { header: '裁定依据 · Basis', width: 30 },
  { header: '裁定人 · Ruled by', width: 16 },
  { header: '裁定日期 · Ruled on', width: 12 },
  { header: '落实调整申请 · Adjustment', width: 12 },
  { header: '调整状态 · Adjustment state', width: 14 },
];

/**
 * The 裁定清单 of a scope as a workbook: one row per dispute of the filter (by default the RULED ones), with
 * its ruling and the adjustment carrying it out. Place and body names are written beside their codes.
 */
export async function exportRulings(
  db: Db,
  scopeCode: string,
  filter: Partial<Omit<DisputeFilter, 'scope'>> = {},
): Promise<{ filename: string; bytes: Buffer }> {
  const scope = await requireScope(db, scopeCode);
  const asOf = filter.asOf ?? todayInChina();
  const rows = await db.query<sql.DisputeRow>(
    sql.ALL_DISPUTES_SQL,
    disputeFilterParams({
      scope: scope === '000000' ? null : scope,
      states: filter.states ?? ['RULED'],
      item: filter.item ?? null,
      party: filter.party ?? null,
      overdue: filter.overdue ?? null,
      asOf,
    }),
  );
  const names = await namesOf(db, rows);
  const adjustments = new Map(
    (
      await db.query<{ id: string; state: string }>(`select id::text as id, state from adjustment where id = any($1::bigint[])`, [
        rows.flatMap((r) => (r.adjustment ? [r.adjustment] : [])),
      ])
    ).map((a) => [a.id, a.state]),
  );
  const named = (codes: string[], map: Map<string, string>) =>
    codes.map((c) => (map.get(c) ? `${c} ${map.get(c)}` : c)).join('；');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('裁定清单');
  ws.columns = COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  for (const d of rows) {
    const limits = disputeLimits(d, asOf);
    ws.addRow([
      Number(d.id),
      d.item,
      names.items.get(d.item) ?? '',
      d.subject,
      named(d.places, names.places),
      named(d.parties, names.bodies),
      named([d.raisedBy], names.bodies),
      `${DISPUTE_STATE_ZH[d.state as DisputeState]} ${d.state}`,
      d.openedOn,
      `${limits.ruleBy.day}${limits.ruleBy.provisional ? '*' : ''}`,
      limits.overdue ? '是 yes' : '否 no',
      d.decision ?? '',
      d.rulingBasis.join('；'),
      d.ruledBy ?? '',
      d.ruledOn ?? '',
      d.adjustment ? Number(d.adjustment) : '',
      d.adjustment ? (adjustments.get(d.adjustment) ?? '') : '',
    ]);
  }
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.eachRow((row) => (row.alignment = { wrapText: true, vertical: 'top' }));
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `${scope}-裁定清单-${asOf}.xlsx`, bytes };
}

async function namesOf(db: Db, rows: sql.DisputeRow[]) {
  const pairs = (q: string, codes: string[]) =>
    db.query<{ code: string; name: string }>(q, [[...new Set(codes)]]).then((r) => new Map(r.map((x) => [x.code, x.name])));
  const [items, places, bodies] = await Promise.all([
    pairs(
      'select code, name from item where code = any($1::varchar[])',
      rows.map((r) => r.item),
    ),
    pairs(
      'select code, name from jurisdiction where code = any($1::varchar[])',
      rows.flatMap((r) => r.places),
    ),
    pairs(
      'select code, name from body where code = any($1::varchar[])',
      rows.flatMap((r) => r.parties),
    ),
  ]);
  return { items, places, bodies };
}
