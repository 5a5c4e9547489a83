import * as fs from 'node:fs';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import type { Db } from '../../db/database';
import { AppError } from '../../errors';
import { tableDocument } from '../exchange/table/table.import';
import { adjustmentImpact, createAdjustment } from './adjustment.service';

export const ADJUST_USAGE = `adjust FILE.json|FILE.xlsx|FILE.csv --catalogue CODE --applicant BODY --reason TEXT --trigger LAW|POLICY|PRACTICE
         --effective-from DATE [--label ADD|REMOVE|DELEGATE|RECLAIM|CHANGE] [--basis TEXT]… [--triggered-on DATE]
         [--draft]           file a shudi-catalogue/1 document, or the list as a table (.xlsx/.csv, stated as of the
                             effective date), as an adjustment (submitted unless --draft) 提交调整申请（JSON 或表格）`;

/** `adjust FILE …`: the document becomes one labelled change; prints the adjustment and its impact. Exit 2 on problems. */
export async function adjustCommand(db: Db, args: string[]): Promise<number> {
  const { values: o, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      catalogue: { type: 'string' },
      applicant: { type: 'string' },
      reason: { type: 'string' },
      trigger: { type: 'string' },
      'effective-from': { type: 'string' },
      'triggered-on': { type: 'string' },
      label: { type: 'string', default: 'CHANGE' },
      basis: { type: 'string', multiple: true },
      draft: { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (!file) throw new Error(`adjust: give a file 请给出文件\n  ${ADJUST_USAGE}`);
  let document: unknown;
  if (/\.(xlsx|csv)$/i.test(file)) {
    const table = await tableDocument(db, fs.readFileSync(file), {
      catalogue: o.catalogue ?? '',
      format: /\.csv$/i.test(file) ? 'CSV' : 'XLSX',
      asOf: o['effective-from'] ?? null,
      effectiveFrom: o['effective-from'] ?? null,
    });
    if (!table.document) {
      process.stderr.write(`${file}: 表格有误 · the table has problems\n`);
      for (const p of table.problems) process.stderr.write(`  ${p.path}: ${p.message}\n`);
      return 2;
    }
    document = table.document;
  } else {
    try {
      document = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      process.stderr.write(`${file}: 不是 JSON 文档 · not a JSON document (${(e as Error).message})\n`);
      return 2;
    }
  }
  try {
    const a = await createAdjustment(
      db,
      {
        catalogue: o.catalogue ?? '',
        applicant: o.applicant ?? '',
        reason: o.reason ?? '',
        basis: o.basis ?? [],
        trigger: o.trigger ?? '',
        triggeredOn: o['triggered-on'] ?? null,
        effectiveFrom: o['effective-from'] ?? '',
        changes: [{ label: o.label!, document }],
      },
      { submit: !o.draft, actor: `cli:${os.userInfo().username}`, reason: o.reason ?? null },
    );
    const impact = await adjustmentImpact(db, a);
    process.stdout.write(`${JSON.stringify({ id: a.id, state: a.state, revision: a.revision, impact }, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    process.stderr.write(`${e.message}\n`);
    for (const p of e.problems) process.stderr.write(`  ${p.path}: ${p.message}\n`);
    return 2;
  }
}
