import DataLoaderImpl, { type default as DataLoader } from 'dataloader';
import { randomUUID } from 'node:crypto';
import type { Db } from './db/database';
import { groupLoader, rowLoader } from './db/loaders';
import { ANONYMOUS, type Principal } from './modules/access/access.rules';
import type { WriteContext } from './modules/change/change.service';
import * as assignmentSql from './modules/assignment/assignment.sql';
import * as bodySql from './modules/body/body.sql';
import * as catalogueSql from './modules/catalogue/catalogue.sql';
import { ENTRIES_BY_KEY_SQL } from './modules/records/records.sql';
import { VERSIONS_BY_CATALOGUE_SQL, type VersionRow } from './modules/version/version.service';
import * as itemSql from './modules/item/item.sql';
import { createAdjustmentLoaders } from './modules/adjustment/adjustment.loaders';
import { createDisputeLoaders } from './modules/dispute/dispute.loaders';
import * as jurisdictionSql from './modules/jurisdiction/jurisdiction.sql';

export interface EntryPageKey {
  catalogue: string;
  after: string | null;
  first: number;
}

/** Every relation a resolver walks goes through one of these: a constant number of statements per request. */
export function createLoaders(db: Db) {
  return {
    jurisdictionByCode: rowLoader<jurisdictionSql.JurisdictionRow>(db, jurisdictionSql.JURISDICTIONS_BY_CODE_SQL, (r) => r.code),
    childrenByJurisdiction: groupLoader<jurisdictionSql.JurisdictionRow>(
      db,
      jurisdictionSql.CHILDREN_BY_PARENT_SQL,
      (r) => r.parent!,
    ),
    bodyByCode: rowLoader<bodySql.BodyRow>(db, bodySql.BODIES_BY_CODE_SQL, (r) => r.code),
    levelByBody: rowLoader<{ code: string; level: string }>(db, bodySql.LEVELS_BY_BODY_SQL, (r) => r.code),
    itemByCode: rowLoader<itemSql.ItemRow>(db, itemSql.ITEMS_BY_CODE_SQL, (r) => r.code),
    catalogueByCode: rowLoader<catalogueSql.CatalogueRow>(db, catalogueSql.CATALOGUES_BY_CODE_SQL, (r) => r.code),
    assignmentById: rowLoader<assignmentSql.AssignmentRow>(db, assignmentSql.ASSIGNMENTS_BY_ID_SQL, (r) => r.id),
    entryByKey: new DataLoaderImpl<string, catalogueSql.EntryRow | null>(async (keys) => {
      const pairs = keys.map((k) => k.split('|'));
      const rows = await db.query<catalogueSql.EntryRow>(ENTRIES_BY_KEY_SQL, [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
      const map = new Map(rows.map((r) => [`${r.catalogue}|${r.item}`, r]));
      return keys.map((k) => map.get(k) ?? null);
    }),
    entryCountByCatalogue: new DataLoaderImpl<string, number>(async (keys) => {
      const rows = await db.query<{ catalogue: string; n: number }>(catalogueSql.ENTRY_COUNTS_SQL, [keys as string[]]);
      const map = new Map(rows.map((r) => [r.catalogue, r.n]));
      return keys.map((k) => map.get(k) ?? 0);
    }),
    entryPage: entryPageLoader(db),
    versionsByCatalogue: groupLoader<VersionRow>(db, VERSIONS_BY_CATALOGUE_SQL, (r) => r.catalogue),
    ...createAdjustmentLoaders(db),
    ...createDisputeLoaders(db),
  };
}

/** Pages of entries for many catalogues in one statement per distinct page size. */
function entryPageLoader(db: Db): DataLoader<EntryPageKey, catalogueSql.EntryRow[], string> {
  return new DataLoaderImpl<EntryPageKey, catalogueSql.EntryRow[], string>(
    async (keys) => {
      const out = new Map<string, catalogueSql.EntryRow[]>();
      const sizes = [...new Set(keys.map((k) => k.first))];
      for (const size of sizes) {
        const group = keys.filter((k) => k.first === size);
        const rows = await db.query<catalogueSql.EntryRow>(catalogueSql.ENTRY_PAGES_SQL, [
          group.map((k) => k.catalogue),
          group.map((k) => k.after),
          size,
        ]);
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

export type Loaders = ReturnType<typeof createLoaders>;

export interface RequestContext {
  requestId: string;
  /** Who is asking: the verified bearer token's subject, role and scope (ANONYMOUS without a token). */
  principal: Principal;
  /** The token subject (null when anonymous). */
  actor: string | null;
  db: Db;
  loaders: Loaders;
  /** The actor, reason and principal of a write: recorded in the change feed, checked by the access guard. */
  who(reason?: string | null): WriteContext & { actor: string | null; reason: string | null; principal: Principal };
  /** After a write: fresh loaders (nothing cached from before the write), also kept for the rest of the request. */
  fresh(): Loaders;
}

export function createContext(db: Db, requestId: string = randomUUID(), principal: Principal = ANONYMOUS): RequestContext {
  const ctx: RequestContext = {
    requestId,
    principal,
    actor: principal.subject,
    db,
    loaders: createLoaders(db),
    fresh() {
      ctx.loaders = createLoaders(db);
      return ctx.loaders;
    },
    who(reason) {
      return { actor: ctx.principal.subject, reason: reason ?? null, principal: ctx.principal };
    },
  };
  return ctx;
}
