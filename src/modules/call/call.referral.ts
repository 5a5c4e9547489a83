import { todayInChina } from '../../dates';
import { insertAdjustment } from '../adjustment/adjustment.service';
import { openDispute } from '../dispute/dispute.service';
import { governmentCode } from '../jurisdiction/jurisdiction.code';
import type { Writer } from '../records/write.protocol';
import type { Referral } from './call.rules';
import * as sql from './call.sql';

/**
 * SPEC §11 rule 4: a call the lists cannot route feeds the lists. Applicable item → the open dispute of
 * (item, township) between the township and the county government (opened by the first such call, named by
 * every later one while open); item outside the township's lists → an admission draft adding it to the
 * nearest LOCAL list (the calls' township government applies; the 编办 completes and submits it). Each call
 * names its dispute / adjustment, and the dispute and adjustment list their calls (linked both ways).
 */
export async function referCall(
  w: Writer,
  c: sql.CallRow,
  referral: Referral,
): Promise<{ dispute?: string; adjustment?: string }> {
  const tx = w.tx;
  const townshipGov = governmentCode(c.township);
  if (referral === 'DISPUTE') {
    const [open] = await tx.query<{ id: string }>(sql.OPEN_CALL_DISPUTE_SQL, [c.item, c.township]);
    if (open) return { dispute: open.id };
    const d = await openDispute(
      tx,
      {
        item: c.item,
        subject: `乡呼县应呼叫 #${c.id}：清单未明确责任主体 · call #${c.id}: the lists name no responsible body`,
        places: [c.township],
        parties: [townshipGov, governmentCode(c.county)],
        raisedBy: townshipGov,
        statement: c.text,
      },
      w.who,
    );
    return { dispute: d.id };
  }
  const [pending] = await tx.query<{ id: string }>(sql.OPEN_CALL_ADMISSION_SQL, [c.item, townshipGov]);
  if (pending) return { adjustment: pending.id };
  const [cat] = await tx.query<Record<string, string | null>>(sql.ADMISSION_CATALOGUE_SQL, [c.township, c.callDate]);
  if (!cat) return {};
  const record = Object.fromEntries(Object.entries(cat).filter(([, v]) => v !== null));
  const today = todayInChina();
  const a = await insertAdjustment(
    w,
    {
      catalogue: cat.code!,
      applicant: townshipGov,
      reason: `乡呼县应呼叫 #${c.id}：事项不在本乡镇适用的清单内，申请准入 · call #${c.id}: the item is outside the township's lists; admission requested`,
      trigger: 'PRACTICE',
      triggeredOn: c.callDate <= today ? c.callDate : today,
      effectiveFrom: today,
      changes: [
        { label: 'ADD', document: { format: 'shudi-catalogue/1', catalogues: [{ ...record, entries: [{ item: c.item }] }] } },
      ],
    },
    { path: 'admission' },
  );
  return { adjustment: a.id };
}
