import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app';
import { DEFAULT_OPS, type OpsConfig } from '../../src/config';
import type { Db } from '../../src/db/database';
import { createLogger } from '../../src/observability/logger';
import { createAccess } from '../../src/modules/access/access.service';
import { bearer, TEST_AUTH } from './auth';

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A real server on 127.0.0.1 (random port) with its request log and error log captured in memory. */
export async function startServer(
  db: Db,
  opts: { production?: boolean; introspection?: boolean; ops?: Partial<OpsConfig> } = {},
) {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  const logged: { level: string; msg: string; data?: any }[] = [];
  const app: App = await createApp({
    db,
    config: {
      production: opts.production ?? false,
      introspection: opts.introspection ?? true,
      ops: { ...DEFAULT_OPS, ...opts.ops },
    },
    log: (level, msg, data) => void logged.push({ level, msg, data }),
    logger: createLogger({ level: 'debug', destination: sink }),
    access: createAccess(TEST_AUTH),
  });
  // requests carry an ADMIN token unless they set their own Authorization header ('' for none)
  const admin = await bearer({ subject: 'test-admin', role: 'ADMIN' }, { expires: '1d' });
  const port = await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;

  /** POSTs a GraphQL request as JSON; answers status, headers and the parsed body (text when not JSON). */
  const post = async <T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer<T>> => raw({ query, variables }, headers);

  const raw = async <T = any>(body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: withAuth({ 'content-type': 'application/json', ...headers }),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  };

  function withAuth(headers: Record<string, string>): Record<string, string> {
    const given = Object.keys(headers).find((k) => k.toLowerCase() === 'authorization');
    if (given === undefined) return { ...headers, authorization: admin };
    if (headers[given] === '') {
      const { [given]: _none, ...rest } = headers;
      return rest;
    }
    return headers;
  }

  return { app, base, port, post, raw, lines, logged, admin, withAuth, stop: () => app.stop() };
}
export type TestServer = Awaited<ReturnType<typeof startServer>>;
