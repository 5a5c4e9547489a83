import { randomUUID } from 'node:crypto';
import type { Db } from './db/database';
import { ANONYMOUS, type Principal } from './modules/access/access.rules';
import type { WriteContext } from './modules/change/change.service';
import { createAdjustmentLoaders } from './modules/adjustment/adjustment.loaders';
import { createAssignmentLoaders } from './modules/assignment/assignment.loaders';
import { createBodyLoaders } from './modules/body/body.loaders';
import { createCatalogueLoaders } from './modules/catalogue/catalogue.loaders';
import { createDisputeLoaders } from './modules/dispute/dispute.loaders';
import { createCallLoaders } from './modules/call/call.loaders';
import { createItemLoaders } from './modules/item/item.loaders';
import { createJurisdictionLoaders } from './modules/jurisdiction/jurisdiction.loaders';
import { createVersionLoaders } from './modules/version/version.loaders';

/**
 * Every relation a resolver walks goes through one of these: a constant number of statements per request.
 * Each module declares its own loaders (`<module>.loaders.ts`); this only puts them side by side.
 */
export function createLoaders(db: Db) {
  return composeLoaders(
    createJurisdictionLoaders(db),
    createBodyLoaders(db),
    createItemLoaders(db),
    createCatalogueLoaders(db),
    createAssignmentLoaders(db),
    createVersionLoaders(db),
    createAdjustmentLoaders(db),
    createDisputeLoaders(db),
    createCallLoaders(db),
  );
}

type Union<T extends object[]> = (T[number] extends infer U ? (U extends object ? (x: U) => void : never) : never) extends (
  x: infer I,
) => void
  ? I
  : never;

/** Puts the modules' loaders side by side; a name two modules declare would hide one of them, so it is refused. */
export function composeLoaders<T extends object[]>(...parts: T): Union<T> {
  const all: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, loader] of Object.entries(part)) {
      if (name in all) throw new Error(`loader ${name} is declared by two modules`);
      all[name] = loader;
    }
  }
  return all as Union<T>;
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface RequestContext {
  requestId: string;
  /** Who is asking: the verified bearer token's subject, role and scope (ANONYMOUS without a token). */
  principal: Principal;
  /** The token subject (null when anonymous). */
  actor: string | null;
  /** The primary's pool; a query's resolvers get a replica here instead (src/graphql/read-routing.ts). */
  db: Db;
  readonly loaders: Loaders;
  /** The actor, reason and principal of a write: recorded in the change feed, checked by the access guard. */
  who(reason?: string | null): WriteContext & { actor: string | null; reason: string | null; principal: Principal };
  /** After a write: fresh loaders (nothing cached from before the write), also kept for the rest of the request. */
  fresh(): Loaders;
}

export function createContext(db: Db, requestId: string = randomUUID(), principal: Principal = ANONYMOUS): RequestContext {
  // built on first use: a request whose resolvers walk no relation (a chain: one statement) never builds them
  let loaders: Loaders | null = null;
  const ctx: RequestContext = {
    requestId,
    principal,
    actor: principal.subject,
    db,
    get loaders() {
      return (loaders ??= createLoaders(ctx.db));
    },
    fresh() {
      loaders = createLoaders(ctx.db);
      return loaders;
    },
    who(reason) {
      return { actor: ctx.principal.subject, reason: reason ?? null, principal: ctx.principal };
    },
  };
  return ctx;
}
