import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpsConfig } from '../config';

/** A connect-style step every request takes (request id and log line, observation, metrics). */
export type RequestStep = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * The common GraphQL request, answered on node's http directly: a POST to /graphql with a JSON body (utf-8,
 * no content encoding) whose Content-Length is within the small body limit. It takes the same request steps
 * as every request, then goes to Apollo's `executeHTTPGraphQLRequest` as the Express integration would, without
 * Express's router, body-parser, content-type parsing and ETag of the answer (docs/decisions.md, "GraphQL POSTs
 * without Express"). Anything else (another method, type or encoding, no length, a large import) returns false
 * and goes to Express, whose body limits and error answers are unchanged.
 */
export function graphqlPost<C extends BaseContext>(opts: {
  apollo: ApolloServer<C>;
  ops: Pick<OpsConfig, 'bodyLimit'>;
  steps: RequestStep[];
  context: (req: IncomingMessage, res: ServerResponse) => Promise<C>;
  /** Answers an error raised before or outside GraphQL (the Express app's error handler, on node's response). */
  onError: (err: unknown, res: ServerResponse) => void;
}): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    if ((q < 0 ? url : url.slice(0, q)) !== '/graphql') return false;
    const length = Number(req.headers['content-length']);
    const encoding = req.headers['content-encoding'];
    if (!(length > 0) || length > opts.ops.bodyLimit || (encoding && encoding !== 'identity')) return false;
    if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) return false;
    const search = q < 0 ? '' : url.slice(q);
    let i = 0;
    const next = (err?: unknown) => {
      if (err) return opts.onError(err, res);
      const step = opts.steps[i++];
      if (step) return step(req, res, next);
      answer(req, res, search).catch((e) => opts.onError(e, res));
    };
    next();
    return true;
  };

  async function answer(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
    const body = parseBody(await readBody(req));
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await opts.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search, body },
      context: () => opts.context(req, res),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.setHeader('content-length', Buffer.byteLength(result.body.string));
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** As Express's JSON body parser (strict): an object or an array, else a 400 `entity.parse.failed`. */
function parseBody(text: string): unknown {
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
  try {
    if (first !== '{' && first !== '[') throw new SyntaxError(`Unexpected token ${first ?? 'end'} in JSON at position 0`);
    return JSON.parse(text);
  } catch (e) {
    throw Object.assign(new SyntaxError((e as Error).message), { type: 'entity.parse.failed', status: 400, expose: true });
  }
}
