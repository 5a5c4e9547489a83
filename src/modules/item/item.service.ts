import type { Db } from '../../db/database';
import { AppError } from '../../errors';

/** The error of an item code that names no item, on the argument `field`. */
export function itemNotFound(code: string, field: string): AppError {
  return new AppError('NOT_FOUND_INPUT', `${field}: 事项 "${code}" 不存在 · no item "${code}"`, [
    { path: field, message: `no item "${code}"` },
  ]);
}

/** The trimmed code of an existing item, or NOT_FOUND_INPUT on `field`. */
export async function requireItem(db: Db, code: string, field: string): Promise<string> {
  const c = code.trim();
  const [row] = await db.query<{ code: string }>('select code from item where code = $1', [c]);
  if (!row) throw itemNotFound(code, field);
  return c;
}
