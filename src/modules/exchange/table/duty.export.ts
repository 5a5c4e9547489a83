import type { Db } from '../../../db/database';
import type { CatalogueRow } from '../../records/records.sql';
import { DUTY_LAYOUT, PART_HEADINGS, type DutyColumnKey } from './duty.layout';
import { DUTY_BODIES_SQL, DUTY_EXPORT_SQL, type DutyBodyRow, type DutyExportRow } from './duty.sql';
import { CATEGORY_LABELS, normaliseName, type Sheet } from './table.layout';

/** The columns a duty-list export writes, in this order (the part is given by the heading rows). */
const EXPORT_COLUMNS: { key: DutyColumnKey; width: number }[] = [
  { key: 'seq', width: 6 },
  { key: 'name', width: 28 },
  { key: 'code', width: 18 },
  { key: 'domain', width: 12 },
  { key: 'category', width: 12 },
  { key: 'leadOrTakenBy', width: 24 },
  { key: 'duty', width: 44 },
  { key: 'basis', width: 40 },
  { key: 'notApplicableIn', width: 16 },
];

/**
 * A duty list as published: a heading row per part (`一、基本履职事项` …), its items below with 序号 from 1,
 * 牵头部门 / 承接部门 by name (by code where the name is not unique among the bodies import looks names up in).
 */
export async function dutySheet(db: Db, catalogue: CatalogueRow, asOf: string): Promise<Sheet> {
  const data = await db.query<DutyExportRow>(DUTY_EXPORT_SQL, [catalogue.code, asOf]);
  const named = [...new Set(data.flatMap((r) => [r.lead, r.takenBy]).filter((c): c is string => c !== null))];
  const label = bodyLabels(await db.query<DutyBodyRow>(DUTY_BODIES_SQL, [catalogue.owner, named]));
  const rows: Sheet['rows'] = [];
  let part: string | null = null;
  let seq = 0;
  for (const r of data) {
    if (r.part !== part) {
      part = r.part;
      seq = 0;
      rows.push({ heading: PART_HEADINGS[r.part] });
    }
    const holder = r.lead ?? r.takenBy;
    const cells: Record<DutyColumnKey, string> = {
      seq: String(++seq),
      name: r.name,
      code: r.item,
      part: '',
      domain: r.domain,
      category: CATEGORY_LABELS[r.category as keyof typeof CATEGORY_LABELS] ?? r.category,
      leadOrTakenBy: holder === null ? '' : label(holder),
      lead: '',
      takenBy: '',
      duty: r.duty ?? '',
      basis: r.basis.join('\n'),
      notApplicableIn: r.notApplicableIn.join('、'),
      note: '',
    };
    rows.push(cells);
  }
  return {
    columns: EXPORT_COLUMNS.map((c) => ({ key: c.key, header: DUTY_LAYOUT.headers[c.key], width: c.width })),
    rows,
  };
}

function bodyLabels(bodies: DutyBodyRow[]): (code: string) => string {
  const count = new Map<string, number>();
  for (const b of bodies.filter((x) => x.within)) count.set(normaliseName(b.name), (count.get(normaliseName(b.name)) ?? 0) + 1);
  const byCode = new Map(bodies.map((b) => [b.code, b]));
  return (code) => {
    const b = byCode.get(code);
    return b && b.within && count.get(normaliseName(b.name)) === 1 ? b.name : code;
  };
}
