import { createApp } from '../../src/app';
import { createContext } from '../../src/context';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { graphqlClient, type GqlClient } from '../helpers/graphql';
import { closeAll } from '../helpers/setup';

/**
 * The HTTP face of the server, over a real socket: JSON POST, GET queries, the offline GraphiQL page
 * and its assets, Apollo's CSRF prevention, and what production mode lets reach a client.
 */

let t: TestDatabase;
let gql: GqlClient;
let base: string;

beforeAll(async () => {
  t = await openTestDatabase();
  gql = await graphqlClient(t.db);
  const port = await gql.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => closeAll(gql, t));

const QUERY = '{ jurisdiction(code: "37") { code name } }';
const ANSWER = { data: { jurisdiction: { code: '370000', name: '山东省' } } };

describe('GraphQL over HTTP', () => {
  it('answers a POST with application/json', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($c: String!) { jurisdiction(code: $c) { code name } }', variables: { c: '37' } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/(graphql-response\+)?json/);
    expect(await res.json()).toEqual(ANSWER);
  });

  it('answers a POST error as JSON with the public code', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ jurisdiction(code: "37068") { name } }' }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toContain('"37068"');
  });

  it('answers a GET query with the apollo-require-preflight header', async () => {
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent(QUERY)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(ANSWER);
  });

  it('answers a GET query sent with a JSON content type and accept', async () => {
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent(QUERY)}`, {
      headers: { accept: 'application/json', 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(ANSWER);
  });

  it('does not run mutations sent by GET', async () => {
    const mutation = 'mutation { deleteItem(code: "NONE") }';
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent(mutation)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(405);
  });
});

describe('CSRF prevention', () => {
  it('refuses a GET query without a preflight header with 400', async () => {
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent(QUERY)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF|preflight/i);
  });

  it('refuses a simple POST (text/plain) without a preflight header with 400, running nothing', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF|preflight/i);
  });

  it('refuses a form POST (application/x-www-form-urlencoded) with 400', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent(QUERY)}`,
    });
    expect(res.status).toBe(400);
  });
});

describe('GraphiQL, offline', () => {
  let html: string;

  it('serves the GraphiQL page to a browser GET /graphql', async () => {
    const res = await fetch(`${base}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    html = await res.text();
    expect(html).toContain('GraphiQL');
  });

  it('loads nothing from a CDN: every script and style is local under /graphiql/', async () => {
    expect(html).not.toMatch(/https?:\/\//);
    const urls = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) expect(url).toMatch(/^\/graphiql\//);
  });

  it('serves each asset with 200 and a JavaScript or CSS content type', async () => {
    const urls = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)].map((m) => m[1]);
    for (const url of urls) {
      const res = await fetch(`${base}${url}`);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      const type = res.headers.get('content-type') ?? '';
      if (url.endsWith('.css')) expect(type).toMatch(/^text\/css/);
      else expect(type).toMatch(/javascript/);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('redirects / to /graphql', async () => {
    const res = await fetch(`${base}/`, { redirect: 'manual' });
    expect([301, 302, 303, 307, 308]).toContain(res.status);
    expect(res.headers.get('location')).toBe('/graphql');
  });
});

describe('errors in production mode', () => {
  it('still tells the user what was wrong with their input, without a stack trace', async () => {
    const prod = await graphqlClient(t.db, { production: true });
    try {
      const r = await prod.run('{ jurisdiction(code: "37068") { name } }');
      expect(r.errors).toHaveLength(1);
      const e = r.errors![0];
      expect(e.extensions!.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain('"37068"');
      expect(e.extensions).not.toHaveProperty('stacktrace');
      expect(JSON.stringify(r)).not.toMatch(/stacktrace|at \w+ \(|node_modules/);

      // GraphQL's own validation errors reach the user too, equally without a stack.
      const v = await prod.run('{ jurisdiction(code: "37") { nosuchfield } }');
      expect(v.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(v.errors![0].message).toContain('nosuchfield');
      expect(v.errors![0].extensions).not.toHaveProperty('stacktrace');
    } finally {
      await prod.stop();
    }
  });

  it('masks an unexpected internal error (here: a database that went away) behind an id that is in the log', async () => {
    const gone = await openTestDatabase();
    const logged: { msg: string; data?: any }[] = [];
    const log = (_level: string, msg: string, data?: object) => void logged.push({ msg, data });
    const prod = await createApp({ db: gone.db, config: { production: true, introspection: false }, log });
    const dev = await createApp({ db: gone.db, config: { production: false, introspection: true }, log });
    const port = await prod.listen(0, '127.0.0.1');
    try {
      await gone.close();
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY }),
      });
      const body = (await res.json()) as { data?: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors).toHaveLength(1);
      const e = body.errors[0];
      expect(e.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(e.extensions).not.toHaveProperty('stacktrace');
      const id = e.extensions.errorId as string;
      expect(id).toMatch(/^err-/);
      expect(e.message).toBe(`内部错误 Internal error (id ${id})`);
      // What went wrong is in the log under that id, and nowhere in the answer.
      const entry = logged.find((l) => l.data?.errorId === id);
      expect(entry).toBeDefined();
      expect(String(entry!.data.err).length).toBeGreaterThan(0);
      expect(JSON.stringify(body)).not.toContain(String(entry!.data.err).split('\n')[0]);

      // Outside production the same failure shows its message (still with the id).
      const r = await dev.apollo.executeOperation({ query: QUERY }, { contextValue: createContext(gone.db) });
      const devError = (
        r.body as { kind: 'single'; singleResult: { errors?: { message: string; extensions?: Record<string, unknown> }[] } }
      ).singleResult.errors![0];
      expect(devError.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
      expect(devError.message).not.toMatch(/^内部错误/);
      expect(devError.message).toContain(`(id ${devError.extensions!.errorId})`);
    } finally {
      await prod.stop();
      await dev.stop();
    }
  });
});
