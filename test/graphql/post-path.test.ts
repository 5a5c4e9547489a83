import { demo } from '../helpers/graphql';
import { closeAll, openSeeded } from '../helpers/setup';
import type { TestDatabase } from '../helpers/db';
import { startServer, type TestServer } from '../helpers/http';

/**
 * GraphQL POSTs with a JSON body of known length are answered on node's http without Express
 * (src/graphql/post.ts); everything else still goes through Express. Both answer the same.
 */

let t: TestDatabase;
let s: TestServer;
beforeAll(async () => {
  t = await openSeeded(demo());
  s = await startServer(t.db, { ops: { bodyLimit: 4096 } });
});
afterAll(() => closeAll(s, t));

const CHAIN = `query Chain { responsibleChain(itemCode: "ZY-TER-001", jurisdictionCode: "370685004", asOf: "2024-06-01") {
  item { code } levels { level holders { role body { code name } } } primary { body { code } } flags } }`;

/** The same request sent without a Content-Length (chunked): Express's body parser reads it. */
async function chunked(body: string, headers: Record<string, string> = {}) {
  const stream = new ReadableStream({
    start(c) {
      c.enqueue(new TextEncoder().encode(body));
      c.close();
    },
  });
  const res = await fetch(`${s.base}/graphql`, {
    method: 'POST',
    headers: s.withAuth({ 'content-type': 'application/json', ...headers }),
    body: stream,
    duplex: 'half',
  } as RequestInit);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

it('answers a query the same with and without Express', async () => {
  const body = JSON.stringify({ query: CHAIN });
  const fast = await fetch(`${s.base}/graphql`, {
    method: 'POST',
    headers: s.withAuth({ 'content-type': 'application/json' }),
    body,
  });
  const fastText = await fast.text();
  const viaExpress = await chunked(body);
  expect(fast.status).toBe(200);
  expect(JSON.parse(fastText).errors).toBeUndefined();
  expect(JSON.parse(fastText).data.responsibleChain.levels.length).toBeGreaterThan(0);
  expect(viaExpress.status).toBe(200);
  expect(fastText).toBe(viaExpress.text);
  expect(fast.headers.get('content-type')).toBe(viaExpress.headers.get('content-type'));
  expect(fast.headers.get('content-length')).toBe(String(Buffer.byteLength(fastText)));
  expect(fast.headers.get('x-request-id')).toBeTruthy();
  // which path answered: Express's send adds an ETag, the direct answer does not
  expect(fast.headers.get('etag')).toBeNull();
  expect(viaExpress.headers.get('etag')).not.toBeNull();
});

it('answers a body that is not JSON, or not an object, with 400 BAD_REQUEST on both paths', async () => {
  for (const bad of ['{"query": "{ items { totalCount } "', '"a string"', ' 42']) {
    const fast = await s.raw(bad);
    const viaExpress = await chunked(bad);
    for (const r of [fast, { status: viaExpress.status, body: JSON.parse(viaExpress.text) }]) {
      expect(r.status).toBe(400);
      expect(r.body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(r.body.errors[0].message).toMatch(/不是有效的 JSON · the request body is not valid JSON/);
    }
  }
});

it('leaves other requests to Express: another content type, a body over the limit, a GET', async () => {
  const text = await fetch(`${s.base}/graphql`, {
    method: 'POST',
    headers: s.withAuth({ 'content-type': 'text/plain' }),
    body: JSON.stringify({ query: '{ items { totalCount } }' }),
  });
  expect(text.status).toBe(400); // Apollo's CSRF prevention: a POST must say it is JSON
  const large = await s.post(`{ items(text: "${'x'.repeat(5000)}") { totalCount } }`);
  expect(large.status).toBe(413);
  expect(large.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  const get = await fetch(`${s.base}/graphql?query=${encodeURIComponent('{ items { totalCount } }')}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  expect(get.status).toBe(200);
  expect(((await get.json()) as any).data.items.totalCount).toBeGreaterThan(0);
});
