import type { Db } from '../../db/database';
import { AppError, type Problem } from '../../errors';
import type { WriteContext } from '../change/change.service';
import { NATION } from '../jurisdiction/jurisdiction.code';
import { anchorsOf, atLeast, ROLE_ZH, WRITE_ROLE, type Anchor, type Principal, type AccessRole } from './access.rules';
import * as sql from './access.sql';
import type { ChangeEntity } from '../records/record.kinds';
import { KIND_ZH } from '../records/record.kinds';

/**
 * The one guard every write goes through (imports and mutations via `applyParsed`, deletes,
 * acknowledgements, versions). A writer calls `requireRole` before it reads anything, then, inside its
 * write transaction and holding the writers' lock, `scopeProblems`/`guardWrite` with the records it is
 * about to write, before and after. No principal in the WriteContext means an in-process caller (CLI,
 * start-up demo load, tests) acting with the database's own authority; GraphQL requests always carry one
 * (anonymous when there is no token).
 */

/** One record about to be written: as the change feed will record it, plus where it came from. */
export interface GuardedChange {
  entity: ChangeEntity;
  key: string;
  before: unknown;
  after: unknown;
  /** JSON or argument path for the problem (`assignments[3]`, `input`); default `key`. */
  path?: string;
}

export function unauthenticated(): AppError {
  return new AppError(
    'ACCESS_UNAUTHENTICATED',
    '修改需要登录令牌（Authorization: Bearer …）· writing needs a bearer token (Authorization: Bearer …)',
  );
}

/** First gate, before anything is read: may this principal write records needing `min` at all? */
export function requireRole(who: WriteContext, min: AccessRole): void {
  const p = who.principal;
  if (!p) return;
  if (!p.role) throw unauthenticated();
  if (!atLeast(p.role, min)) throw roleTooLow(p, min);
}

function roleTooLow(p: Principal, min: AccessRole): AppError {
  const need = min === 'EDITOR' ? 'EDITOR, REVIEWER or ADMIN' : min === 'REVIEWER' ? 'REVIEWER or ADMIN' : 'ADMIN';
  return new AppError(
    'ACCESS_FORBIDDEN',
    `角色 ${p.role}（${ROLE_ZH[p.role!]}）不能进行此项修改，需要 ${need} · ` +
      `role ${p.role} of "${p.subject}" may not make this change; it needs ${need}`,
  );
}

/** Second gate, in the write transaction: a FORBIDDEN problem for each record touching a place outside the scope. */
export async function scopeProblems(tx: Db, who: WriteContext, changes: GuardedChange[]): Promise<Problem[]> {
  const p = who.principal;
  if (!p) return [];
  for (const e of new Set(changes.map((c) => c.entity))) requireRole(who, WRITE_ROLE[e]);
  if (p.role === 'ADMIN' || p.scope === NATION || changes.length === 0) return [];
  const scope = p.scope ?? '';
  const anchored = changes.map((c) => ({
    change: c,
    anchors: anchorsOf(c.entity, c.before as Record<string, unknown> | null, c.after as Record<string, unknown> | null),
  }));
  const owners = await catalogueOwners(
    tx,
    changes,
    anchored.flatMap((a) => a.anchors),
  );
  const codes = new Set<string>([scope]);
  for (const a of anchored.flatMap((x) => x.anchors)) {
    if (a.kind === 'jurisdiction') codes.add(a.code);
    if (a.kind === 'catalogue') (owners.get(a.code) ?? []).forEach((o) => codes.add(o));
  }
  const places = new Map((await tx.query<sql.PlaceRow>(sql.PLACES_SQL, [[...codes]])).map((r) => [r.code, r]));
  const items = [...new Set(anchored.flatMap((a) => a.anchors.filter((x) => x.kind === 'item').map((x) => x.code)))];
  const itemUses = items.length
    ? new Map((await tx.query<sql.ItemUseRow>(sql.ITEM_USES_OUTSIDE_SQL, [items, scope])).map((r) => [r.item, r]))
    : new Map<string, sql.ItemUseRow>();
  const scopeText = describe(places, scope);
  // An unknown code is not "outside": the import checks report it as unknown.
  const outside = (code: string) => places.has(code) && !places.get(code)!.path.includes(scope);

  const problems: Problem[] = [];
  for (const { change, anchors } of anchored) {
    const reason = firstOutside(anchors, owners, itemUses, outside);
    if (reason)
      problems.push({ path: change.path ?? change.key, message: message(change, reason, places, scopeText), code: 'FORBIDDEN' });
  }
  return problems;
}

/** Names the record, the place outside and the caller's scope, 中文 · English. */
function message(change: GuardedChange, reason: Outside, places: Map<string, sql.PlaceRow>, scopeText: string): string {
  const what = `${KIND_ZH[change.entity]} "${change.key}"`;
  const whatEn = `${change.entity} "${change.key}"`;
  const where = reason.name ? `${reason.place} ${reason.name}` : describe(places, reason.place);
  const via = reason.via ? `（${reason.via}）` : '';
  const viaEn = reason.via ? ` (${reason.via})` : '';
  return reason.kind === 'item'
    ? `${what} 还被权限范围 ${scopeText} 以外使用：${where}${via}，只有管理员可以修改 · ` +
        `${whatEn} is also used outside your scope ${scopeText}: ${where}${viaEn}; only an ADMIN may change it`
    : `${what} 涉及 ${where}${via}，不在您的权限范围 ${scopeText} 内 · ${whatEn} touches ${where}${viaEn}, outside your scope ${scopeText}`;
}

/** Like scopeProblems, but throws one FORBIDDEN error (deletes, acknowledgements, versions: a single record each). */
export async function guardWrite(tx: Db, who: WriteContext, changes: GuardedChange[]): Promise<void> {
  const problems = await scopeProblems(tx, who, changes);
  if (problems.length === 0) return;
  throw new AppError('ACCESS_FORBIDDEN', problems.map((p) => p.message).join('; '), problems);
}

/** Catalogue code → owners: the stored one and, when the same write creates or moves it, the planned one. */
async function catalogueOwners(tx: Db, changes: GuardedChange[], anchors: Anchor[]): Promise<Map<string, string[]>> {
  const codes = [...new Set(anchors.filter((a) => a.kind === 'catalogue').map((a) => a.code))];
  const out = new Map<string, string[]>();
  const add = (code: string, owner: unknown) => {
    if (typeof owner !== 'string') return;
    const list = out.get(code) ?? out.set(code, []).get(code)!;
    if (!list.includes(owner)) list.push(owner);
  };
  if (codes.length) {
    for (const r of await tx.query<{ code: string; owner: string }>(sql.CATALOGUE_OWNERS_SQL, [codes])) add(r.code, r.owner);
  }
  for (const c of changes) {
    const after = c.after as Record<string, unknown> | null;
    if (c.entity === 'catalogue' && after) add(String(after.code), after.owner);
  }
  return out;
}

interface Outside {
  kind: Anchor['kind'];
  place: string;
  name?: string;
  via: string | null;
}

function firstOutside(
  anchors: Anchor[],
  owners: Map<string, string[]>,
  itemUses: Map<string, sql.ItemUseRow>,
  outside: (code: string) => boolean,
): Outside | null {
  for (const a of anchors) {
    if (a.kind === 'jurisdiction' && outside(a.code)) return { kind: a.kind, place: a.code, via: null };
    if (a.kind === 'catalogue') {
      const owner = (owners.get(a.code) ?? []).find(outside);
      if (owner) return { kind: a.kind, place: owner, via: `catalogue ${a.code}` };
    }
    if (a.kind === 'item' && itemUses.has(a.code)) {
      const use = itemUses.get(a.code)!;
      return { kind: a.kind, place: use.place, name: use.placeName, via: use.via };
    }
  }
  return null;
}

const describe = (places: Map<string, sql.PlaceRow>, code: string) =>
  places.has(code) ? `${code} ${places.get(code)!.name}` : code;
