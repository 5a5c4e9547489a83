import * as fs from 'node:fs';
import * as path from 'node:path';
import { createApp, type App } from '../../src/app';
import { createContext } from '../../src/context';
import type { Db } from '../../src/db/database';
import type { Principal } from '../../src/modules/access/access.rules';

export const DEMO = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/data/demo-zhaoyuan.json'), 'utf8')) as Record<
  string,
  unknown
>;

/** A deep copy of the demo document, to mutate in a test. */
export const demo = (): Record<string, any> => JSON.parse(JSON.stringify(DEMO));

/** The demo with 招远's list derived from a provincial guiding catalogue `370000-GUIDE` (its entries: `extra` items, and ZY-TER-001). */
export function demoWithGuide(extra: { code: string; name: string }[] = []): Record<string, any> {
  const doc = demo();
  for (const i of extra) doc.items.push({ ...i, domain: '测试', category: 'TERRITORIAL' });
  doc.catalogues.push({
    code: '370000-GUIDE',
    name: '山东省指导目录',
    owner: '370000',
    kind: 'GUIDING',
    entries: [{ item: 'ZY-TER-001' }, ...extra.map((i) => ({ item: i.code }))],
  });
  doc.catalogues[0].guiding = '370000-GUIDE';
  return doc;
}

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

/** The principal operations run as unless a test says otherwise: an ADMIN may write everything. */
export const TEST_ADMIN: Principal = { subject: 'test-admin', role: 'ADMIN', scope: null };

/** Executes operations through the real Apollo server (formatError included), one request context each. */
export async function graphqlClient(db: Db, opts: { production?: boolean; principal?: Principal } = {}) {
  const app: App = await createApp({ db, config: { production: opts.production ?? false, introspection: true } });
  const run = async <T = any>(
    query: string,
    variables?: Record<string, unknown>,
    principal: Principal = opts.principal ?? TEST_ADMIN,
  ): Promise<GqlResult<T>> => {
    const res = await app.apollo.executeOperation(
      { query, variables },
      { contextValue: createContext(db, undefined, principal) },
    );
    if (res.body.kind !== 'single') throw new Error('unexpected incremental result');
    return res.body.singleResult as GqlResult<T>;
  };
  /** Like run, but fails the test on any error and returns data. */
  const ok = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const r = await run<T>(query, variables);
    if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors, null, 1)}`);
    return r.data as T;
  };
  return { app, run, ok, stop: () => app.stop() };
}

/** What graphqlClient answers: `run` (data and errors), `ok` (data, failing on any error), `app`, `stop`. */
export type GqlClient = Awaited<ReturnType<typeof graphqlClient>>;
