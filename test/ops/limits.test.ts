import {
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isNonNullType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { openDatabase, type Database } from '../../src/db/bootstrap';
import { Db } from '../../src/db/database';
import { buildShudiSchema } from '../../src/schema';
import { SET_LOCAL_STATEMENT_TIMEOUT_SQL } from '../../src/modules/records/records.sql';
import { importDocument } from '../../src/modules/exchange/import.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { DEMO, demo } from '../helpers/graphql';
import { startServer, type TestServer } from '../helpers/http';
import { waitFor } from '../helpers/wait';
import { closeAll } from '../helpers/setup';

/**
 * Hardening (issue 5): depth and cost limits and `first` refused before execution (no SQL statement runs),
 * body limits (413 as JSON), the statement timeout (a clean TIMEOUT error), production masking, introspection.
 */

let t: TestDatabase;
let s: TestServer;

beforeAll(async () => {
  t = await openTestDatabase();
  await importDocument(t.db, DEMO);
  s = await startServer(t.db, { ops: { bodyLimit: 4096, importBodyLimit: 256 * 1024 } });
});
afterAll(() => closeAll(s, t));

/** Runs `fn` and answers what it returned and how many SQL statements the server sent meanwhile. */
async function counting<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = t.logger.total;
  const result = await fn();
  return { result, statements: t.logger.total - before };
}

const nested = (levels: number) =>
  `{ jurisdiction(code: "370685004") { code ${'parent { code '.repeat(levels - 1)}${'} '.repeat(levels - 1)}} }`;

describe('query depth limit (default 12)', () => {
  it('refuses depth 13 with 400 before any SQL runs, naming the limit', async () => {
    const { result: r, statements } = await counting(() => s.post(nested(12)));
    expect(r.status).toBe(400);
    const e = r.body.errors[0];
    expect(e.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(e.extensions.reason).toBe('QUERY_TOO_DEEP');
    expect(e.message).toContain('上限 12');
    expect(e.message).toContain('limit of 12');
    expect(statements).toBe(0);
  });

  it('answers depth 12', async () => {
    const r = await s.post(nested(11));
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.jurisdiction.code).toBe('370685004');
  });

  it('follows fragments (and survives a fragment cycle, which validation reports)', async () => {
    const q = `query { jurisdiction(code: "37") { ...A } }
      fragment A on Jurisdiction { parent { ...B } } fragment B on Jurisdiction { parent { parent { parent { ...C } } } }
      fragment C on Jurisdiction { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } }`;
    const r = await s.post(q);
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.reason).toBe('QUERY_TOO_DEEP');
    const cyclic = await s.post('{ jurisdiction(code: "37") { ...A } } fragment A on Jurisdiction { parent { ...A } }');
    expect(cyclic.status).toBe(400);
    expect(cyclic.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('takes its limit from the configuration', async () => {
    const shallow = await startServer(t.db, { ops: { maxDepth: 3 } });
    try {
      expect((await shallow.post('{ jurisdiction(code: "37") { parent { code } } }')).status).toBe(200);
      const r = await shallow.post('{ jurisdiction(code: "37") { parent { parent { code } } } }');
      expect(r.status).toBe(400);
      expect(r.body.errors[0].message).toContain('limit of 3');
    } finally {
      await shallow.stop();
    }
  });

  it('does not count introspection (GraphiQL asks for it), which the introspection switch governs', async () => {
    const r = await s.post(getIntrospectionQuery());
    expect(r.status).toBe(200);
    expect(r.body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('query cost limit (default 10000; a connection costs first × its selection)', () => {
  const PAGES = `query($n: Int) { catalogues(first: $n) { edges { node { code entries(first: 100) { edges { node { item { code name } } } } } } } }`;

  it('refuses a costly query with 400 before any SQL runs, naming the limit', async () => {
    const { result: r, statements } = await counting(() => s.post(PAGES, { n: 100 }));
    expect(r.status).toBe(400);
    const e = r.body.errors[0];
    expect(e.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', reason: 'QUERY_TOO_COSTLY', limit: 10000 });
    expect(e.message).toMatch(/超过上限 10000/);
    expect(e.message).toMatch(/exceeds the limit of 10000/);
    expect(statements).toBe(0);
  });

  it('reads first from the variables: the same query with small pages runs', async () => {
    const r = await s.post(PAGES, { n: 2 });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.catalogues.edges.length).toBeGreaterThan(0);
  });

  it('counts aliases: 100 copies of a field that alone is cheap are refused', async () => {
    const one = 'jurisdiction(code: "37") { children { code name parent { code name } children { code } } }';
    expect((await s.post(`{ ${one} }`)).status).toBe(200);
    const q = `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: ${one}`).join(' ')} }`;
    const many = await startServer(t.db, { ops: { bodyLimit: 1024 * 1024 } });
    try {
      const before = t.logger.total;
      const r = await many.post(q);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].extensions.reason).toBe('QUERY_TOO_COSTLY');
      expect(t.logger.total).toBe(before);
    } finally {
      await many.stop();
    }
  });

  it('keeps refusing: a document whose cost is computed once is still checked on every request', async () => {
    const cheap = await startServer(t.db, { ops: { maxCost: 50 } });
    try {
      const costly = 'query Costly { items(first: 30) { edges { node { code name } } } }';
      for (let i = 0; i < 3; i++) expect((await cheap.post(costly)).status).toBe(400);
      // small pages first, then large ones: a cost that depends on the variables is not kept
      expect((await cheap.post('query($n: Int) { items(first: $n) { edges { node { code name } } } }', { n: 3 })).status).toBe(
        200,
      );
      const big = await cheap.post('query($n: Int) { items(first: $n) { edges { node { code name } } } }', { n: 30 });
      expect(big.status).toBe(400);
      expect(big.body.errors[0].extensions.reason).toBe('QUERY_TOO_COSTLY');
      // variables that do not coerce (refused by execution) do not stand for the document's cost
      const q = 'query($c: String!) { jurisdiction(code: $c) { code } items(first: 30) { edges { node { code name } } } }';
      const bad = await cheap.post(q, { c: { not: 'a string' } });
      expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const good = await cheap.post(q, { c: '370685' });
      expect(good.status).toBe(400);
      expect(good.body.errors[0].extensions.reason).toBe('QUERY_TOO_COSTLY');
    } finally {
      await cheap.stop();
    }
  });

  it('takes its limit from the configuration', async () => {
    const cheap = await startServer(t.db, { ops: { maxCost: 50 } });
    try {
      const r = await cheap.post('{ items(first: 30) { edges { node { code name } } } }');
      expect(r.status).toBe(400);
      expect(r.body.errors[0].message).toContain('limit of 50');
      expect((await cheap.post('{ items(first: 3) { edges { node { code name } } } }')).status).toBe(200);
    } finally {
      await cheap.stop();
    }
  });
});

describe('document size', () => {
  it('refuses a query of more than 4000 tokens at parse, before validation', async () => {
    const big = await startServer(t.db, { ops: { bodyLimit: 1024 * 1024 } });
    try {
      const q = `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
      const r = await big.post(q);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED', reason: 'QUERY_TOO_LONG', limit: 4000 });
      expect(r.body.errors[0].message).toMatch(/超过 4000.*limit of 4000 tokens/);
    } finally {
      await big.stop();
    }
  });
});

describe('first ≤ 100 on every connection', () => {
  it.each([
    ['a top-level list', '{ items(first: 101) { totalCount } }'],
    ['a nested list', '{ catalogues(first: 1) { edges { node { entries(first: 1000) { totalCount } } } } }'],
    ['a negative page', '{ bodies(first: -1) { totalCount } }'],
    ['a huge page', '{ responsibilityFlags(scopeCode: "370685", first: 2147483647) { totalCount } }'],
  ])('refuses %s before any SQL runs (BAD_USER_INPUT)', async (_kind, q) => {
    const { result: r, statements } = await counting(() => s.post(q));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PAGINATION_INVALID' });
    expect(r.body.errors[0].message).toMatch(/0–100/);
    expect(statements).toBe(0);
  });

  it('holds for every field of the schema that takes first: each is a connection, and 101 is refused before execution', async () => {
    const schema = buildShudiSchema();
    const paged = Object.values(schema.getTypeMap())
      .filter((tp): tp is GraphQLObjectType => isObjectType(tp) && !tp.name.startsWith('__'))
      .flatMap((tp) =>
        Object.values(tp.getFields())
          .filter((f) => f.args.some((a) => a.name === 'first'))
          .map((f) => ({ tp, f })),
      );
    expect(paged.length).toBeGreaterThanOrEqual(10);
    for (const { f } of paged) expect(getNamedType(f.type).name).toMatch(/Connection$/);
    const dummy = (type: GraphQLInputType): string => {
      const named = getNamedType(type);
      if (isEnumType(named)) return named.getValues()[0].name;
      return named.name === 'Int' ? '1' : named.name === 'Boolean' ? 'true' : '"370685"';
    };
    for (const { f } of paged.filter(({ tp }) => tp.name === 'Query')) {
      const required = f.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
      const args = [...required.map((a) => `${a.name}: ${dummy(a.type)}`), 'first: 101'].join(', ');
      const { result: r, statements } = await counting(() => s.post(`{ ${f.name}(${args}) { __typename } }`));
      expect({ field: f.name, status: r.status, reason: r.body.errors?.[0]?.extensions?.reason, statements }).toEqual({
        field: f.name,
        status: 400,
        reason: 'PAGINATION_INVALID',
        statements: 0,
      });
    }
  });

  it('refuses first from a variable the same way', async () => {
    const r = await s.post('query($n: Int) { changes(first: $n) { edges { cursor } } }', { n: 500 });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('request body limits', () => {
  it('refuses a body over the limit with 413 and a JSON error naming both limits', async () => {
    const r = await s.post(`{ items(text: "${'x'.repeat(5000)}") { totalCount } }`);
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 4096, importLimit: 256 * 1024 });
    expect(r.body.errors[0].message).toMatch(/超过上限.*exceeds the limit/);
  });

  it('lets a request that only imports carry a large document', async () => {
    const doc = demo();
    doc.note = '说明'.repeat(20000); // ~120 kB
    const r = await s.post(
      'mutation($d: JSON!) { importCatalogue(document: $d, dryRun: true) { problems { path } unchanged } }',
      {
        d: doc,
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.data.importCatalogue.problems).toEqual([]);
  });

  it('refuses a large body whose operation does more than import, or imports past the import limit', async () => {
    const doc = demo();
    doc.note = '说明'.repeat(20000);
    const mixed = await s.post(
      'mutation($d: JSON!) { importCatalogue(document: $d, dryRun: true) { created } deleteItem(code: "ZY-TER-001") }',
      { d: doc },
    );
    expect(mixed.status).toBe(413);
    const query = await s.post('query($d: JSON) { items { totalCount } }', { d: doc });
    expect(query.status).toBe(413);
    doc.note = '说明'.repeat(100000); // ~600 kB
    const huge = await s.post('mutation($d: JSON!) { importCatalogue(document: $d) { created } }', { d: doc });
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a body that is not JSON with 400 and a JSON error', async () => {
    const r = await s.raw('{"query": "{ items { totalCount } "');
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('defaults: 1 MB for queries, 16 MB for imports', async () => {
    const d = await startServer(t.db);
    try {
      const doc = demo();
      doc.note = 'n'.repeat(3 * 1024 * 1024);
      const ok = await d.post('mutation($d: JSON!) { importCatalogue(document: $d, dryRun: true) { problems { path } } }', {
        d: doc,
      });
      expect(ok.status).toBe(200);
      expect(ok.body.data.importCatalogue.problems).toEqual([]);
      const refused = await d.post('query($d: JSON) { items { totalCount } }', { d: doc });
      expect(refused.status).toBe(413);
    } finally {
      await d.stop();
    }
  });
});

describe('statement timeout', () => {
  let slow: Database;
  let server: TestServer;
  beforeAll(async () => {
    slow = await openDatabase(
      { databaseUrl: t.url, dataDir: '' },
      { migrate: false, poolSize: 2, statementTimeoutMs: 100, importStatementTimeoutMs: 60000 },
    );
    server = await startServer(slow.db, { production: true });
  });
  afterAll(async () => {
    await server?.stop();
    await slow?.close();
  });

  it('answers a statement that runs out of time with a clean TIMEOUT error, not a 5xx', async () => {
    // The nation's flags filtered by a body involved are computed live over every leaf of the tree: far more
    // than 100 ms. (Flags, coverage and workload of a scope otherwise come from the maintained store in a few
    // milliseconds, so they no longer serve here.)
    const r = await server.post(
      '{ responsibilityFlags(scopeCode: "000000", bodyCode: "370685-AJJ", asOf: "2024-06-01", first: 1) { totalCount } }',
    );
    expect(r.status).toBe(200);
    expect(r.body.errors).toHaveLength(1);
    const e = r.body.errors[0];
    expect(e.extensions.code).toBe('TIMEOUT');
    expect(e.message).toMatch(/超时.*ran out of time/);
    expect(JSON.stringify(r.body)).not.toMatch(/select|statement_timeout|canceling|\.ts|node_modules/i);
    expect(server.logged.find((l) => l.data?.errorId === e.extensions.errorId)?.data.err).toMatch(/statement timeout/);
  });

  it('gives imports their own, longer timeout (set local in the import transaction)', async () => {
    const spy = jest.spyOn(Db.prototype, 'query');
    try {
      const r = await server.post('mutation($d: JSON!) { importCatalogue(document: $d) { unchanged problems { path } } }', {
        d: demo(),
      });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.importCatalogue.problems).toEqual([]);
      const set = spy.mock.calls.findIndex(
        ([text, params]) => text === SET_LOCAL_STATEMENT_TIMEOUT_SQL && params?.[0] === '60000ms',
      );
      expect(set).toBe(0); // the import's first statement, inside its transaction
      expect((spy.mock.contexts[set] as Db).inTransaction).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('production mode', () => {
  it('masks an internal error: no stack, SQL or path; its id is in the error log and the request log line', async () => {
    const gone = await openTestDatabase();
    const prod = await startServer(gone.db, { production: true, introspection: false });
    try {
      await gone.close();
      const r = await prod.post('query Lost { jurisdiction(code: "37") { code } }', undefined, { 'x-request-id': 'lost-1' });
      const e = r.body.errors[0];
      expect(e.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      const id = e.extensions.errorId;
      expect(e.message).toBe(`内部错误 Internal error (id ${id})`);
      expect(Object.keys(e.extensions).sort()).toEqual(['code', 'errorId']);
      expect(JSON.stringify(r.body)).not.toMatch(/stacktrace|\bat \w|\/work\/|node_modules|select |pool/i);
      expect(prod.logged.find((l) => l.data?.errorId === id)?.data.err).toMatch(/pool|Error/);
      const line = await waitForLine(prod, 'lost-1');
      expect(line).toMatchObject({ operation: 'Lost', errorCodes: ['INTERNAL_SERVER_ERROR'], errorIds: [id] });
    } finally {
      await prod.stop();
    }
  });

  it('refuses introspection when it is switched off, and answers it when on', async () => {
    const off = await startServer(t.db, { production: true, introspection: false });
    try {
      const r = await off.post('{ __schema { queryType { name } } }');
      expect(r.status).toBe(400);
      expect(r.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.body.errors[0].message).toMatch(/introspection/i);
      expect(JSON.stringify(r.body)).not.toMatch(/stacktrace/);
    } finally {
      await off.stop();
    }
    expect((await s.post('{ __schema { queryType { name } } }')).body.data.__schema.queryType.name).toBe('Query');
  });
});

function waitForLine(server: TestServer, reqId: string): Promise<Record<string, any>> {
  return waitFor(`the log line of request ${reqId}`, () => server.lines.find((l) => l.reqId === reqId), { timeoutMs: 1000 });
}
