import type { Db } from '../../db/database';
import { AppError } from '../../errors';
import type { RouteRule, Referral } from './call.rules';
import { PARENT_GOVERNMENT_SQL, ROUTE_SQL, type RouteFactsRow } from './call.sql';

export interface RoutedResponder {
  body: string;
  rule: RouteRule;
  catalogue: string | null;
  assignment: string | null;
  duty_item: string | null;
  via_successor: boolean;
  reason: string;
}

export interface Route {
  rule: RouteRule;
  referral: Referral | null;
  responders: RoutedResponder[];
  /** The county (or the city holding the township directly): its platform, limits and government. */
  county: string;
  domain: string;
  applicable: boolean;
  flags: string[];
}

const LEVEL_ZH: Record<string, string> = { PROVINCE: '省级', CITY: '市级', COUNTY: '县级' };

/**
 * SPEC §11: the responders of a call about (item, township, date), the first rule that gives an active body
 * winning. The facts come from the rule CTE of the chain (one statement); this only picks the rule.
 * Rule 3 needs the item to apply at the township: a PRIMARY holder of an item outside the township's lists is
 * exactly what an admission settles, so such a call falls back to the county (docs/decisions.md).
 */
export async function routeCall(db: Db, item: string, township: string, date: string): Promise<Route> {
  const [f] = await db.query<RouteFactsRow>(ROUTE_SQL, [date, [item], null, township, null]);
  if (!f.item)
    throw new AppError('CALL_INVALID', `input.item：事项 "${item}" 不存在 · input.item: no item "${item}"`, [
      { path: 'input.item', message: `no item "${item}"` },
    ]);
  if (!f.place || f.place.level !== 'TOWNSHIP' || !f.place.leaf || !f.place.parent)
    throw new AppError(
      'CALL_INVALID',
      `input.township："${township}" 不是乡镇（街道）· input.township: "${township}" is not a township; a call comes from a township (9-digit code)`,
      [{ path: 'input.township', message: `"${township}" is not a township` }],
    );
  const base = { county: f.place.parent, domain: f.item.domain, applicable: f.applicable, flags: f.flags };
  const d = f.duty;
  if (d?.resolved) {
    const rule: RouteRule = d.part === 'RECLAIMED' ? 'RECLAIMED' : 'COOPERATING';
    const via = d.resolved !== d.named ? `（经继任：${d.named} → ${d.resolved}）` : '';
    const viaEn = d.resolved !== d.named ? ` (via successor of ${d.named})` : '';
    const reason =
      rule === 'RECLAIMED'
        ? `上级部门收回事项：${d.owner} 履职事项清单 ${d.catalogue ?? ''} 由 ${d.resolved} 承担${via} · RECLAIMED in the duty list ${d.catalogue ?? ''} of ${d.owner}: taken by ${d.resolved}${viaEn}`
        : `配合履职事项：${d.owner} 履职事项清单 ${d.catalogue ?? ''} 的牵头单位 ${d.resolved}${via} · COOPERATING in the duty list ${d.catalogue ?? ''} of ${d.owner}: led by ${d.resolved}${viaEn}`;
    const responder = {
      body: d.resolved,
      rule,
      catalogue: d.catalogue,
      assignment: null,
      duty_item: item,
      via_successor: !!via,
      reason,
    };
    return { ...base, rule, referral: null, responders: [responder] };
  }
  if (f.applicable && f.primary.length > 0) {
    const responders = f.primary.map((h) => ({
      body: h.body,
      rule: 'PRIMARY' as const,
      catalogue: h.catalogue,
      assignment: h.assignment,
      duty_item: null,
      via_successor: h.viaSuccessor,
      reason:
        `主体责任（${LEVEL_ZH[h.level] ?? h.level}）：清单 ${h.catalogue ?? ''} 责任分配 #${h.assignment}${h.viaSuccessor ? '（经继任）' : ''} · ` +
        `PRIMARY at ${h.level} level: assignment #${h.assignment} of list ${h.catalogue ?? ''}${h.viaSuccessor ? ' (via successor)' : ''}`,
    }));
    return { ...base, rule: 'PRIMARY', referral: null, responders };
  }
  const why = d
    ? d.part === 'RECLAIMED'
      ? ['收回事项的承接主体已撤销且无继任', 'the body that took it back is inactive with no active successor']
      : ['配合事项的牵头单位已撤销且无继任', 'the leading body is inactive with no active successor']
    : !f.applicable
      ? ['事项不在本乡镇适用的清单内', 'the item is not applicable at the township']
      : ['无县级以上主体责任部门', 'no active PRIMARY holder above township level'];
  const [gov] = await db.query<{ code: string }>(PARENT_GOVERNMENT_SQL, [f.place.parent]);
  if (!gov)
    throw new AppError('CALL_INVALID', `上级政府 ${f.place.parent}-GOV 不存在 · no government body for ${f.place.parent}`, [
      { path: 'input.township', message: 'no parent government' },
    ]);
  const referral: Referral = f.applicable ? 'DISPUTE' : 'ADMISSION';
  const responder = {
    body: gov.code,
    rule: 'FALLBACK' as const,
    catalogue: null,
    assignment: null,
    duty_item: null,
    via_successor: false,
    reason: `兜底：${why[0]}，由上级政府承接并${referral === 'DISPUTE' ? '提请职责争议' : '提请准入'} · fallback: ${why[1]}; the parent government answers and a ${referral === 'DISPUTE' ? 'dispute' : 'admission'} is opened`,
  };
  return { ...base, rule: 'FALLBACK', referral, responders: [responder] };
}
