import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { getOperationAST, Kind, parse } from 'graphql';
import type { ServerResponse } from 'node:http';
import type { OpsConfig } from '../config';
import { IMPORT_FIELDS } from './limits';

const BODY_BYTES = Symbol('shudi.bodyBytes');
type Sized = { [BODY_BYTES]?: number };

/**
 * The JSON body of /graphql: at most `bodyLimit` bytes, except a request whose operation only imports
 * (root fields importCatalogue / importCatalogueTable), which may reach `importBodyLimit`.
 *
 * The body is read with the import limit (a Content-Length above it is refused before reading), its size
 * recorded, and a body above the small limit is then let through only when its `query` is small and selects
 * nothing but imports; otherwise 413. No client header is needed; the memory one request can hold is the
 * import limit (as a real import would).
 */
export function graphqlBody(ops: Pick<OpsConfig, 'bodyLimit' | 'importBodyLimit'>): RequestHandler[] {
  return [
    express.json({
      limit: ops.importBodyLimit,
      verify: (req, _res, buf) => {
        (req as unknown as Sized)[BODY_BYTES] = buf.length;
      },
    }),
    (req, _res, next) => {
      // Apollo's Express integration answers 500 when req.body is absent (a POST with another content type).
      if (!('body' in req)) (req as { body?: unknown }).body = undefined;
      const bytes = (req as unknown as Sized)[BODY_BYTES] ?? 0;
      if (bytes <= ops.bodyLimit || onlyImports(req.body, ops.bodyLimit)) return next();
      next(new PayloadTooLarge(bytes, ops));
    },
  ];
}

/** Whether a parsed body is one operation selecting only import fields (its query text itself small). */
function onlyImports(body: unknown, maxQuery: number): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string' || query.length > maxQuery) return false;
  try {
    const op = getOperationAST(parse(query), typeof operationName === 'string' ? operationName : undefined);
    return (
      op?.operation === 'mutation' &&
      op.selectionSet.selections.length > 0 &&
      op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && IMPORT_FIELDS.has(s.name.value))
    );
  } catch {
    return false;
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 1)} MB`;

export class PayloadTooLarge extends Error {
  readonly status = 413;
  constructor(
    readonly bytes: number | null,
    readonly ops: Pick<OpsConfig, 'bodyLimit' | 'importBodyLimit'>,
  ) {
    const size = bytes === null ? '' : ` ${mb(bytes)}`;
    super(
      `请求体${size} 超过上限 ${mb(ops.bodyLimit)}（仅含导入操作的请求上限 ${mb(ops.importBodyLimit)}；更大的文件请用命令行导入）· ` +
        `request body${size} exceeds the limit of ${mb(ops.bodyLimit)} (${mb(ops.importBodyLimit)} for a request that only imports; ` +
        'import larger files with the command line)',
    );
  }
}

/** What a client is told about an error raised before GraphQL ran; null: not the client's doing (masked). */
function describeHttpError(
  err: unknown,
  ops: Pick<OpsConfig, 'bodyLimit' | 'importBodyLimit'>,
): { status: number; code: string; message: string; extensions?: object } | null {
  const e = err as { type?: string; status?: number; statusCode?: number; expose?: boolean; message?: string };
  const status = e.status ?? e.statusCode ?? 500;
  if (err instanceof PayloadTooLarge || e.type === 'entity.too.large') {
    const message = (err instanceof PayloadTooLarge ? err : new PayloadTooLarge(null, ops)).message;
    return {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message,
      extensions: { limit: ops.bodyLimit, importLimit: ops.importBodyLimit },
    };
  }
  if (e.type === 'entity.parse.failed') {
    return { status, code: 'BAD_REQUEST', message: `请求体不是有效的 JSON · the request body is not valid JSON (${e.message})` };
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return { status, code: 'UNSUPPORTED_MEDIA_TYPE', message: `不支持的编码 · unsupported encoding (${e.message})` };
  }
  if (status >= 400 && status < 500 && e.expose !== false) {
    return { status, code: 'BAD_REQUEST', message: `请求无效 · bad request (${e.message})` };
  }
  return null;
}

/**
 * Errors raised before GraphQL runs (body too large, not JSON, unsupported encoding) answer as GraphQL-shaped
 * JSON with their 4xx status; anything else is masked (500, an error id that is in the log).
 */
export function httpErrorHandler(opts: HttpErrorOptions): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    answerHttpError(err, res, opts);
  };
}

export interface HttpErrorOptions {
  ops: Pick<OpsConfig, 'bodyLimit' | 'importBodyLimit'>;
  log: (level: 'warn' | 'error', msg: string, data?: object) => void;
  onError?: (res: ServerResponse, code: string, errorId?: string) => void;
}

/** The answer of `httpErrorHandler`, on node's response (also for GraphQL POSTs answered without Express). */
export function answerHttpError(err: unknown, res: ServerResponse, opts: HttpErrorOptions): void {
  if (res.headersSent) return void res.destroy(err as Error);
  const known = describeHttpError(err, opts.ops);
  if (known) {
    opts.onError?.(res, known.code);
    return sendJson(res, known.status, {
      errors: [{ message: known.message, extensions: { code: known.code, ...known.extensions } }],
    });
  }
  const id = `err-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  opts.log('error', 'internal error', { errorId: id, err: String((err as Error)?.stack ?? err) });
  opts.onError?.(res, 'INTERNAL_SERVER_ERROR', id);
  sendJson(res, 500, {
    errors: [{ message: `内部错误 Internal error (id ${id})`, extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: id } }],
  });
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}
