import express from 'express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import * as contextModule from '../../src/context';
import { createLogger, requestLogging } from '../../src/observability/logger';
import { observeRequests } from '../../src/observability/observation';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { startServer, type TestServer } from '../helpers/http';
import { waitFor } from '../helpers/wait';
import { closeAll } from '../helpers/setup';

/**
 * Operations (issue 5): request ids (honoured, echoed, given to the GraphQL context), one structured log line per
 * request, Prometheus metrics at /metrics.
 */

let t: TestDatabase;
let s: TestServer;
beforeAll(async () => {
  t = await openTestDatabase();
  s = await startServer(t.db, { ops: { bodyLimit: 4096 } });
});
afterAll(() => closeAll(s, t));

async function lineOf(reqId: string): Promise<Record<string, any>> {
  const found = await waitFor(`the log line of ${reqId}`, () => {
    const lines = s.lines.filter((l) => l.reqId === reqId);
    return lines.length > 0 && lines;
  });
  expect(found).toHaveLength(1); // one line per request
  return found[0];
}

describe('request ids', () => {
  it('honours an incoming x-request-id, echoes it, and gives it to the GraphQL context', async () => {
    const spy = jest.spyOn(contextModule, 'createContext');
    try {
      const r = await s.post('{ jurisdiction(code: "37") { code } }', undefined, { 'x-request-id': 'trace-abc.123' });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-request-id')).toBe('trace-abc.123');
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0][1]).toBe('trace-abc.123');
      expect(spy.mock.results[0].value.requestId).toBe('trace-abc.123');
    } finally {
      spy.mockRestore();
    }
  });

  it('generates one when absent or implausible (too long, odd characters)', async () => {
    const none = await s.post('{ jurisdiction(code: "37") { code } }');
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await s.post('{ jurisdiction(code: "37") { code } }', undefined, { 'x-request-id': 'a b"<script>' });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const long = await s.post('{ jurisdiction(code: "37") { code } }', undefined, { 'x-request-id': 'x'.repeat(200) });
    expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers.get('x-request-id')).not.toBe(bad.headers.get('x-request-id'));
  });

  it('is on every response, GraphiQL, health and errors included', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/nothing-here']) {
      const r = await fetch(`${s.base}${path}`, { headers: { 'x-request-id': `p${path.length}` } });
      expect(r.headers.get('x-request-id')).toBe(`p${path.length}`);
    }
  });
});

describe('the request log', () => {
  it('writes one JSON line per request: id, method, path, status, duration, operation, root fields', async () => {
    await s.post('query Township { jurisdiction(code: "370685004") { name } }', undefined, { 'x-request-id': 'log-1' });
    const line = await lineOf('log-1');
    expect(line).toMatchObject({
      level: 'info',
      service: 'shudi',
      reqId: 'log-1',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'Township',
      rootFields: ['jurisdiction'],
      msg: 'request completed',
    });
    expect(typeof line.durationMs).toBe('number');
    expect(typeof line.time).toBe('string');
    expect(line).not.toHaveProperty('errorCodes');
    expect(JSON.stringify(line)).not.toMatch(/content-type|headers/i); // headers carry credentials: not logged
  });

  it('names the error codes of a failed request, and the status of a refused one', async () => {
    await s.post('query Bad { jurisdiction(code: "37068") { name } }', undefined, { 'x-request-id': 'log-2' });
    expect(await lineOf('log-2')).toMatchObject({ status: 200, operation: 'Bad', errorCodes: ['BAD_USER_INPUT'] });
    await s.post('query Typo { jurisdiction(code: "37") { nme } }', undefined, { 'x-request-id': 'log-3' });
    expect(await lineOf('log-3')).toMatchObject({ status: 400, operation: 'Typo', errorCodes: ['GRAPHQL_VALIDATION_FAILED'] });
    await s.post(`{ items(text: "${'x'.repeat(5000)}") { totalCount } }`, undefined, { 'x-request-id': 'log-4' });
    expect(await lineOf('log-4')).toMatchObject({ status: 413, level: 'info', errorCodes: ['PAYLOAD_TOO_LARGE'] });
  });

  it('logs probes and scrapes at debug only', async () => {
    await fetch(`${s.base}/healthz`, { headers: { 'x-request-id': 'probe-1' } });
    expect(await lineOf('probe-1')).toMatchObject({ level: 'debug', path: '/healthz', status: 200 });
  });
});

describe('/metrics', () => {
  it('counts requests and latency by operation, errors by code, the pool, and the process', async () => {
    for (let i = 0; i < 3; i++) await s.post('query Counted { items(first: 1) { totalCount } }');
    await s.post('query CountedBad { item(code: "NOPE") { code } jurisdiction(code: "x") { code } }');
    await s.post('{ jurisdiction(code: "37") { code } }');
    await s.post('{ nosuch }');
    await s.post('{ nosuch');
    await s.post(`{ items(text: "${'x'.repeat(5000)}") { totalCount } }`);
    const res = await fetch(`${s.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const value = (series: string) => {
      const m = new RegExp(`^${series.replace(/[{}()+.]/g, '\\$&')} (\\S+)$`, 'm').exec(text);
      return m ? Number(m[1]) : null;
    };
    expect(value('shudi_graphql_requests_total{operation="Counted",status="200"}')).toBe(3);
    expect(value('shudi_graphql_request_duration_seconds_count{operation="Counted"}')).toBe(3);
    expect(value('shudi_graphql_request_duration_seconds_bucket{le="+Inf",operation="Counted"}')).toBe(3);
    expect(value('shudi_graphql_requests_total{operation="(anonymous)",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(value('shudi_graphql_requests_total{operation="(anonymous)",status="400"}')).toBeGreaterThanOrEqual(1);
    expect(value('shudi_graphql_requests_total{operation="(none)",status="400"}')).toBeGreaterThanOrEqual(1);
    expect(value('shudi_graphql_requests_total{operation="(none)",status="413"}')).toBeGreaterThanOrEqual(1);
    expect(value('shudi_graphql_errors_total{code="BAD_USER_INPUT"}')).toBeGreaterThanOrEqual(1);
    expect(value('shudi_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBeGreaterThanOrEqual(1);
    expect(value('shudi_graphql_errors_total{code="PAYLOAD_TOO_LARGE"}')).toBeGreaterThanOrEqual(1);
    expect(value('shudi_http_requests_total{route="/graphql",status="413"}')).toBeGreaterThanOrEqual(1);
    expect(value('shudi_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(value('shudi_db_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(0);
    expect(value('shudi_db_pool_connections{state="waiting"}')).toBe(0);
    expect(value('shudi_db_pool_max')).toBe(4);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
  });

  it('is absent when switched off', async () => {
    const off = await startServer(t.db, { ops: { metrics: false } });
    try {
      expect((await fetch(`${off.base}/metrics`)).status).toBe(404);
    } finally {
      await off.stop();
    }
  });
});

describe('the request log above info (LOG_LEVEL=warn)', () => {
  it('writes no line for a request that succeeds, one error line for a 5xx, and still echoes the request id', async () => {
    const lines: Record<string, any>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l));
        done();
      },
    });
    const app = express();
    app.use(requestLogging(createLogger({ level: 'warn', destination: sink })), observeRequests());
    app.get('/ok', (_req, res) => void res.send('ok'));
    app.get('/broken', (_req, res) => void res.status(503).send('down'));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${base}/ok`, { headers: { 'x-request-id': 'quiet-1' } });
      expect(ok.headers.get('x-request-id')).toBe('quiet-1');
      const broken = await fetch(`${base}/broken`, { headers: { 'x-request-id': 'loud-1' } });
      expect(broken.headers.get('x-request-id')).toBe('loud-1');
      await new Promise((r) => setImmediate(r));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 'error',
        msg: 'request failed',
        reqId: 'loud-1',
        method: 'GET',
        path: '/broken',
        status: 503,
      });
      expect(typeof lines[0].durationMs).toBe('number');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
