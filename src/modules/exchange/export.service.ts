import type { Db } from '../../db/database';
import { NATION } from '../jurisdiction/jurisdiction.code';
import { FORMAT } from './document.parse';
import { EXPORT_SQL } from './export.sql';

type Json = Record<string, unknown>;

/** Drops what a record may leave out (null, empty lists, row bookkeeping): absent means the same on import. */
function tidy(record: Json, drop: string[] = []): Json {
  return Object.fromEntries(
    Object.entries(record).filter(
      ([k, v]) => !drop.includes(k) && v !== null && !(Array.isArray(v) && v.length === 0 && k !== 'basis'),
    ),
  );
}

/** A scope (or the nation) as one `shudi-catalogue/1` document; `export → import` changes nothing. */
export async function exportDocument(db: Db, scope: string): Promise<Json> {
  const [row] = await db.query<{
    bodies: Json[];
    items: Json[];
    catalogues: Json[];
    assignments: Json[];
    empowerments: Json[];
  }>(EXPORT_SQL, [scope === NATION ? null : scope]);
  return {
    format: FORMAT,
    note: `exported from shudi, scope ${scope}`,
    bodies: row.bodies.map((b) => tidy(b)),
    items: row.items.map((i) => tidy(i)),
    catalogues: row.catalogues.map((c) => ({
      ...tidy(c, ['entries']),
      entries: (c.entries as Json[]).map((e) => {
        const { basis, ...rest } = e;
        // an entry's basis is a deviation: null means none, [] means "no basis here"
        return { ...tidy(rest, ['catalogue', 'rowVersion']), ...(basis === null ? {} : { basis }) };
      }),
    })),
    assignments: row.assignments.map((a) => tidy(a, ['id', 'rowVersion'])),
    ...(row.empowerments.length ? { empowerments: row.empowerments.map((m) => tidy(m, ['id', 'rowVersion'])) } : {}),
  };
}
