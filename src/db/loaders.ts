import DataLoader from 'dataloader';
import type { Db } from './database';

/** One row per key: `sql` takes `$1::text[]` of keys; answers keys.map(k => row ?? null). */
export function rowLoader<R>(db: Db, sql: string, key: (row: R) => string): DataLoader<string, R | null> {
  return new DataLoader<string, R | null>(async (keys) => {
    const rows = await db.query<R>(sql, [keys as string[]]);
    const map = new Map(rows.map((r) => [key(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

/** Many rows per key (in the order the SQL returns them). */
export function groupLoader<R>(db: Db, sql: string, key: (row: R) => string): DataLoader<string, R[]> {
  return new DataLoader<string, R[]>(async (keys) => {
    const rows = await db.query<R>(sql, [keys as string[]]);
    const map = new Map<string, R[]>();
    for (const r of rows) {
      const k = key(r);
      const list = map.get(k);
      if (list) list.push(r);
      else map.set(k, [r]);
    }
    return keys.map((k) => map.get(k) ?? []);
  });
}

/** The rows that exist for `keys`, in key order (codes of array columns: serves, exceptIn, a flag's bodies). */
export async function loadPresent<R>(loader: DataLoader<string, R | null>, keys: readonly string[]): Promise<R[]> {
  const rows = await loader.loadMany(keys);
  return rows.filter((r): r is Awaited<R> & R => r !== null && !(r instanceof Error));
}

/** One value per key (`fallback` where the SQL returns no row): counts, the id a pair of codes names. */
export function valueLoader<R, V>(
  db: Db,
  sql: string,
  key: (row: R) => string,
  value: (row: R) => V,
  fallback: V,
): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => {
    const rows = await db.query<R>(sql, [keys as string[]]);
    const map = new Map(rows.map((r) => [key(r), value(r)]));
    return keys.map((k) => (map.has(k) ? map.get(k)! : fallback));
  });
}
