import type { Db } from '../../db/database';
import { AppError } from '../../errors';
import { NATION, normaliseCode, normaliseScope } from './jurisdiction.code';

/** Argument checks every module uses: a place or an analysis scope named by the caller, known to the tree. */

/** A known jurisdiction, named by argument `field`: JURISDICTION_NOT_FOUND otherwise. */
export async function requirePlace(
  db: Db,
  code: string,
  field: string,
): Promise<{ code: string; level: string; path: string[] }> {
  const c = normaliseCode(code, field);
  const [row] = await db.query<{ code: string; level: string; path: string[] }>(
    'select code, level, path from jurisdiction where code = $1',
    [c],
  );
  if (!row) {
    throw new AppError('JURISDICTION_NOT_FOUND', `${field}: 行政区划 "${code}" 不存在 · no jurisdiction "${code}"`, [
      { path: field, message: `no jurisdiction "${code}"` },
    ]);
  }
  return row;
}

/** An analysis scope: a known jurisdiction or 000000 (the nation); null means the nation in SQL. */
export async function requireScope(db: Db, code: string, field = 'scopeCode'): Promise<string> {
  return (await requireScopePath(db, code, field)).scope;
}

/** The scope and its path from the province (empty for the nation), in one lookup. */
export async function requireScopePath(db: Db, code: string, field = 'scopeCode'): Promise<{ scope: string; path: string[] }> {
  const scope = normaliseScope(code, field);
  return scope === NATION ? { scope, path: [] } : { scope, path: (await requirePlace(db, scope, field)).path };
}
