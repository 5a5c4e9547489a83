import DataLoader from 'dataloader';
import type { Db } from '../../db/database';
import { rowLoader, valueLoader } from '../../db/loaders';
import { ENTRIES_BY_KEY_SQL } from '../records/records.sql';
import { CATALOGUES_BY_CODE_SQL, ENTRY_COUNTS_SQL, ENTRY_PAGES_SQL, type CatalogueRow, type EntryRow } from './catalogue.sql';

export interface EntryPageKey {
  catalogue: string;
  after: string | null;
  first: number;
}

/** A catalogue by code; its entries by `catalogue|item`, counted, and paged. */
export function createCatalogueLoaders(db: Db) {
  return {
    catalogueByCode: rowLoader<CatalogueRow>(db, CATALOGUES_BY_CODE_SQL, (r) => r.code),
    entryByKey: entryByKeyLoader(db),
    entryCountByCatalogue: valueLoader<{ catalogue: string; n: number }, number>(
      db,
      ENTRY_COUNTS_SQL,
      (r) => r.catalogue,
      (r) => r.n,
      0,
    ),
    entryPage: entryPageLoader(db),
  };
}

/** Entries by `catalogue|item`: one statement with the two code arrays. */
function entryByKeyLoader(db: Db): DataLoader<string, EntryRow | null> {
  return new DataLoader<string, EntryRow | null>(async (keys) => {
    const pairs = keys.map((k) => k.split('|'));
    const rows = await db.query<EntryRow>(ENTRIES_BY_KEY_SQL, [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
    const map = new Map(rows.map((r) => [`${r.catalogue}|${r.item}`, r]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

/** Pages of entries for many catalogues in one statement per distinct page size. */
function entryPageLoader(db: Db): DataLoader<EntryPageKey, EntryRow[], string> {
  return new DataLoader<EntryPageKey, EntryRow[], string>(
    async (keys) => {
      const out = new Map<string, EntryRow[]>();
      const sizes = [...new Set(keys.map((k) => k.first))];
      for (const size of sizes) {
        const group = keys.filter((k) => k.first === size);
        const rows = await db.query<EntryRow>(ENTRY_PAGES_SQL, [group.map((k) => k.catalogue), group.map((k) => k.after), size]);
        for (const k of group) {
          out.set(
            pageKey(k),
            rows.filter((r) => r.catalogue === k.catalogue && (k.after === null || r.item > k.after)),
          );
        }
      }
      return keys.map((k) => out.get(pageKey(k)) ?? []);
    },
    { cacheKeyFn: pageKey },
  );
}
const pageKey = (k: EntryPageKey) => `${k.catalogue}\u0000${k.after ?? ''}\u0000${k.first}`;
