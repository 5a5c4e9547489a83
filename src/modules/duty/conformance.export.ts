import ExcelJS from 'exceljs';
import type { Db } from '../../db/database';
import { CONFORMANCE_KINDS } from './conformance.sql';
import { conformance, conformanceSummary } from './conformance.service';

const KIND_ZH: Record<string, string> = {
  MISSING: '缺项',
  EXTRA: '增项',
  RENAMED: '名称不同',
  RECATEGORISED: '类型不同',
  REBASED: '依据不同',
};

/**
 * SPEC §9 findings of every catalogue under a scope (a county) as one workbook: a summary sheet (one row per
 * catalogue, counts per kind, the most findings first) and a detail sheet (one row per finding).
 */
export async function exportConformance(
  db: Db,
  scopeCode: string,
  asOf?: string | null,
): Promise<{ filename: string; bytes: Buffer }> {
  const summary = await conformanceSummary(db, scopeCode, asOf, 1000);
  const wb = new ExcelJS.Workbook();
  const head = wb.addWorksheet('汇总');
  head.addRow(['清单编码', '清单名称', '指导目录', ...CONFORMANCE_KINDS.map((k) => KIND_ZH[k]), '合计']);
  const detail = wb.addWorksheet('明细');
  detail.addRow(['清单编码', '事项编码', '事项名称', '比对结果', '本清单', '指导目录']);
  const codes = summary.catalogues.map((c) => c.catalogue);
  const names = new Map(
    (
      await db.query<{ code: string; name: string; guiding: string | null }>(
        'select code, name, guiding_code as guiding from catalogue where code = any($1::varchar[])',
        [codes],
      )
    ).map((r) => [r.code, r]),
  );
  for (const c of summary.catalogues) {
    const meta = names.get(c.catalogue);
    head.addRow([c.catalogue, meta?.name ?? '', meta?.guiding ?? '', ...c.counts.map((x) => x.count), c.total]);
    if (c.total === 0) continue;
    const report = await conformance(db, c.catalogue, summary.asOf);
    const itemNames = new Map(
      (
        await db.query<{ code: string; name: string }>('select code, name from item where code = any($1::varchar[])', [
          report.findings.map((f) => f.item),
        ])
      ).map((r) => [r.code, r.name]),
    );
    for (const f of report.findings) {
      detail.addRow([c.catalogue, f.item, itemNames.get(f.item) ?? '', KIND_ZH[f.kind], f.value ?? '', f.guidingValue ?? '']);
    }
  }
  head.addRow(['合计', '', '', ...summary.counts.map((x) => x.count), summary.total]);
  for (const ws of [head, detail]) {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `${summary.scope}-三级四同比对-${summary.asOf}.xlsx`, bytes };
}
