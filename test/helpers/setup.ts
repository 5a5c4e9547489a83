import type { Db } from '../../src/db/database';
import type { Principal } from '../../src/modules/access/access.rules';
import { importDocument } from '../../src/modules/exchange/import.service';
import type { ApplyOptions, ImportReport } from '../../src/modules/records/records.writer';
import { openTestDatabase, type TestDatabase } from './db';
import { graphqlClient, type GqlClient } from './graphql';

/** Imports a document the test relies on (the demo, a fixture): it must import without a problem. */
export async function importClean(db: Db, doc: unknown, opts: ApplyOptions = {}): Promise<ImportReport> {
  const report = await importDocument(db, doc, opts);
  expect(report.problems).toEqual([]);
  return report;
}

/** A fresh database for one test file with `docs` imported in order (each cleanly). */
export async function openSeeded(...docs: unknown[]): Promise<TestDatabase> {
  const t = await openTestDatabase();
  for (const doc of docs) await importClean(t.db, doc);
  return t;
}

/** The same, with a GraphQL client over it (operations run as `principal`, an ADMIN by default). */
export async function openSeededGraphql(
  docs: unknown[],
  opts: { principal?: Principal; production?: boolean } = {},
): Promise<{ t: TestDatabase; gql: GqlClient }> {
  const t = await openSeeded(...docs);
  return { t, gql: await graphqlClient(t.db, opts) };
}

/** After all tests: stops clients and servers, then closes databases (in the order given); skips what never started. */
export async function closeAll(...parts: ({ stop(): Promise<void> } | { close(): Promise<void> } | undefined)[]): Promise<void> {
  for (const part of parts) {
    if (!part) continue;
    if ('stop' in part) await part.stop();
    else await part.close();
  }
}
