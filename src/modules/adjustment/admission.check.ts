import type { Db } from '../../db/database';
import { todayInChina } from '../../dates';
import { AppError, type Problem } from '../../errors';
import { LEVELS_BY_BODY_SQL } from '../body/body.sql';
import type { AssignmentRecord } from '../records/record.kinds';
import { afterWriteSteps, type Writer } from '../records/write.protocol';
import { OWNER_FLAGS_SQL, type FlagKeyRow } from './adjustment.sql';

/** The flags of a township duty outside its lists (SPEC §6, §8): what an admission (准入) answers. */
const OUTSIDE_KINDS = new Set(['UNLISTED_TOWNSHIP_DUTY', 'DUTY_NOT_LISTED']);

/**
 * SPEC §10 admission, enforced: with `SHUDI_ADMISSION=required`, an EDITOR's direct write that gives a
 * township-level holder a duty outside the township's lists is refused (the whole write rolls back), naming
 * each item and township and pointing to the admission request. Adjustments are applied by a REVIEWER and
 * are the admission itself; `advisory` (the default) only flags. Runs after the write's SQL, inside its
 * transaction: the written assignments' items at the day they start (today when they started before),
 * over the leaves under their scope.
 */
export async function refuseUnadmitted(tx: Db, w: Writer): Promise<void> {
  if (tx.settings.admission !== 'required' || w.who.principal?.role !== 'EDITOR') return;
  const today = todayInChina();
  const written = w.changes
    .filter((c) => c.entity === 'assignment' && c.after)
    .map((c) => ({ key: c.key, before: c.before as AssignmentRecord | null, after: c.after as AssignmentRecord }))
    .filter(({ after }) => !after.validTo || after.validTo > maxDay(after.validFrom, today));
  if (written.length === 0) return;
  const bodies = [...new Set(written.flatMap((x) => (x.after.body ? [x.after.body] : [])))];
  const levels = new Map(
    (await tx.query<{ code: string; level: string }>(LEVELS_BY_BODY_SQL, [bodies])).map((r) => [r.code, r.level]),
  );
  const township = (r: AssignmentRecord) =>
    r.relative === 'TOWNSHIP_GOVERNMENT' || (r.body !== null && levels.get(r.body) === 'TOWNSHIP');
  const checked = written.filter((x) => township(x.after) && !sameDuty(x.before, x.after, today));
  // one flag query per (day, scope) the records start on, for all their items: not one per record
  const groups = new Map<string, typeof checked>();
  for (const x of checked) {
    const k = `${maxDay(x.after.validFrom, today)}|${x.after.scope}`;
    groups.set(k, [...(groups.get(k) ?? []), x]);
  }
  const problems: Problem[] = [];
  for (const [k, group] of groups) {
    const [day, scope] = k.split('|');
    const items = [...new Set(group.map((x) => x.after.item))];
    const flags = (await tx.query<FlagKeyRow>(OWNER_FLAGS_SQL, [day, items, null, scope, null])).filter((f) =>
      OUTSIDE_KINDS.has(f.kind),
    );
    for (const x of group)
      for (const f of flags.filter((f) => f.item === x.after.item))
        problems.push({ path: `assignment:${x.key}`, message: message(f, day), code: 'FORBIDDEN' });
  }
  if (problems.length === 0) return;
  const names = await tx.query<{ code: string; name: string }>(
    `select code, name from jurisdiction where code = any($1::varchar[])`,
    [problems.map((p) => p.message.split('|')[1])],
  );
  const named = new Map(names.map((n) => [n.code, `${n.code} ${n.name}`]));
  const out = problems.map((p) => {
    const [item, place, kind, day] = p.message.split('|');
    const where = named.get(place) ?? place;
    return {
      ...p,
      message:
        `事项 ${item} 不在乡镇 ${where} 的清单内（${kind}，${day}）：已启用准入（SHUDI_ADMISSION=required），部门不能直接交办清单外事项，` +
        `请提出准入申请（调整申请 createAdjustment / npm run cli -- adjust）· item ${item} is outside the lists of township ${where} ` +
        `(${kind}, ${day}): with admission required, a department may not hand it this duty directly; file an admission request ` +
        `(an adjustment: createAdjustment or npm run cli -- adjust)`,
    };
  });
  throw new AppError('ADMISSION_REQUIRED', out.map((p) => p.message).join('; '), out);
}

const message = (f: FlagKeyRow, day: string) => `${f.item}|${f.place}|${f.kind}|${day}`;
const maxDay = (a: string | null, b: string) => (a && a > b ? a : b);

/** An edit that leaves the same holder with the same item and place in force on the day (a text fix) gives nothing new. */
function sameDuty(before: AssignmentRecord | null, after: AssignmentRecord, today: string): boolean {
  if (!before) return false;
  const day = maxDay(after.validFrom, today);
  return (
    before.item === after.item &&
    before.scope === after.scope &&
    before.body === after.body &&
    before.relative === after.relative &&
    (!before.validFrom || before.validFrom <= day) &&
    (!before.validTo || before.validTo > day)
  );
}

afterWriteSteps.add(refuseUnadmitted);
