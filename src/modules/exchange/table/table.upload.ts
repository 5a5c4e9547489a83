import busboy from 'busboy';
import express, { type Request, type Router } from 'express';
import type { Db } from '../../../db/database';
import { AppError } from '../../../errors';
import { answerFailure, asOfQuery, jsonFail } from '../../../graphql/http-answers';
import { requireRole } from '../../access/access.guard';
import type { Access } from '../../access/access.service';
import { importTable } from './table.import';
import type { TableFormat } from './table.read';

/**
 * `POST /catalogues/:code/table` (multipart/form-data, one part named `file`; `?dryRun=true`, `?asOf=`,
 * `?owner=`, `?name=`, `?kind=DUTY` for a new duty list, `?reason=`): the table import for a browser's file picker, answering the same ImportReport as
 * the `importCatalogueTable` mutation. The file is streamed and refused as soon as it passes `limitBytes`
 * (413), before anything is parsed; nothing is written unless the whole sheet is clean.
 */
export function tableUploadRouter(db: Db, access: Access, limitBytes: number): Router {
  const router = express.Router();
  router.post('/catalogues/:code/table', async (req, res) => {
    const fail = jsonFail(res);
    const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : null);
    const asOf = asOfQuery(req.query.asOf, fail);
    if (asOf === undefined) return;
    const kind = q('kind')?.toUpperCase() ?? null;
    if (kind !== null && kind !== 'LOCAL' && kind !== 'DUTY')
      return fail(400, 'BAD_USER_INPUT', `kind "${q('kind')}" 应为 LOCAL 或 DUTY · kind must be LOCAL or DUTY`);
    const dryRun = q('dryRun');
    if (dryRun !== null && dryRun !== 'true' && dryRun !== 'false')
      return fail(400, 'BAD_USER_INPUT', `dryRun "${dryRun}" 应为 true 或 false · dryRun must be true or false`);
    try {
      const principal = await access.authenticate(req.headers.authorization);
      // who may import at all, before a byte of the file is read
      requireRole({ principal }, 'EDITOR');
      const file = await readUpload(req, limitBytes);
      if (file === 'too-large') {
        return fail(
          413,
          'PAYLOAD_TOO_LARGE',
          `文件超过 ${limitBytes} 字节 · the file is larger than ${limitBytes} bytes (SHUDI_IMPORT_BODY_LIMIT)`,
        );
      }
      if (!file) return fail(400, 'BAD_USER_INPUT', '缺少文件字段 "file" · multipart part "file" is missing');
      const format: TableFormat | null = /\.csv$/i.test(file.name) ? 'CSV' : /\.xlsx$/i.test(file.name) ? 'XLSX' : null;
      const report = await importTable(db, file.bytes, {
        catalogue: req.params.code as string,
        owner: q('owner'),
        name: q('name'),
        kind,
        format,
        asOf,
        dryRun: dryRun === 'true',
        actor: principal.subject,
        reason: q('reason'),
        principal,
      });
      res.json(report);
    } catch (e) {
      answerFailure(res, e, fail);
    }
  });
  return router;
}

/** The `file` part, streamed into memory up to the limit; 'too-large' as soon as it passes it. */
export function readUpload(req: Request, limitBytes: number): Promise<{ name: string; bytes: Buffer } | null | 'too-large'> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: limitBytes, fields: 10 } });
    } catch {
      return reject(new AppError('BAD_USER_INPUT', '请求不是 multipart/form-data · the request is not multipart/form-data'));
    }
    let result: { name: string; bytes: Buffer } | null | 'too-large' = null;
    bb.on('file', (field, stream, info) => {
      if (field !== 'file') return stream.resume();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        result = 'too-large';
        stream.resume();
      });
      stream.on('end', () => {
        if (result !== 'too-large') result = { name: info.filename ?? '', bytes: Buffer.concat(chunks) };
      });
    });
    bb.on('error', (e) => reject(new AppError('BAD_USER_INPUT', `上传内容不完整 · malformed upload: ${(e as Error).message}`)));
    bb.on('close', () => resolve(result));
    req.pipe(bb);
  });
}
