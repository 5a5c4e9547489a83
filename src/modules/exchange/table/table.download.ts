import express, { type Router } from 'express';
import { GraphQLError } from 'graphql';
import type { Db } from '../../../db/database';
import { dbFailure } from '../../../db/failures';
import { AppError, DB_FAILURE_MESSAGE } from '../../../errors';
import type { Access } from '../../access/access.service';
import { exportTable, type CsvEncoding } from './table.export';
import { isIsoDate } from '../../../dates';

/**
 * `GET /catalogues/:code/table.xlsx` and `…/table.csv` (`?asOf=YYYY-MM-DD`, `?encoding=gb18030`): the table
 * export as a plain download, so a clerk's browser (or `curl -O`) gets the file without decoding base64.
 * Reading follows the GraphQL rule: a token when public reading is off.
 */
export function tableDownloadRouter(db: Db, access: Access): Router {
  const router = express.Router();
  router.get('/catalogues/:code/table.:ext', async (req, res) => {
    const fail = (status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });
    const format = req.params.ext === 'xlsx' ? 'XLSX' : req.params.ext === 'csv' ? 'CSV' : null;
    if (!format)
      return fail(
        404,
        'NOT_FOUND',
        `没有 .${req.params.ext} 格式，可用 .xlsx 或 .csv · no .${req.params.ext}; use .xlsx or .csv`,
      );
    const asOf = typeof req.query.asOf === 'string' ? req.query.asOf : null;
    if (asOf !== null && !isIsoDate(asOf)) {
      return fail(400, 'BAD_USER_INPUT', `asOf "${asOf}" 不是日期 (YYYY-MM-DD) · asOf "${asOf}" is not a date (YYYY-MM-DD)`);
    }
    const enc = typeof req.query.encoding === 'string' ? req.query.encoding.toUpperCase().replace('-', '') : 'UTF8';
    if (enc !== 'UTF8' && enc !== 'GB18030') {
      return fail(
        400,
        'BAD_USER_INPUT',
        `encoding "${req.query.encoding}" 应为 utf8 或 gb18030 · encoding must be utf8 or gb18030`,
      );
    }
    try {
      await access.authenticate(req.headers.authorization);
      const file = await exportTable(db, req.params.code, { format, asOf, encoding: enc as CsvEncoding });
      res.setHeader('content-type', file.mediaType);
      // a plain filename for curl -J and old browsers (codes and dates are ASCII), filename* for the rest
      const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
      res.setHeader(
        'content-disposition',
        `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      );
      res.send(file.bytes);
    } catch (e) {
      if (e instanceof GraphQLError && e.extensions.code === 'UNAUTHENTICATED') {
        res.setHeader('www-authenticate', 'Bearer realm="shudi"');
        return fail(401, 'UNAUTHENTICATED', e.message);
      }
      if (e instanceof AppError) return fail(e.publicCode === 'NOT_FOUND' ? 404 : 400, e.publicCode, e.message);
      // the database timed out or is away: what GraphQL answers too (TIMEOUT, or 503 with Retry-After)
      const failure = dbFailure(e);
      if (failure) {
        if (failure === 'unavailable') res.setHeader('retry-after', '5');
        const { message } = DB_FAILURE_MESSAGE[failure];
        return fail(
          failure === 'unavailable' ? 503 : 504,
          failure === 'unavailable' ? 'SERVICE_UNAVAILABLE' : 'TIMEOUT',
          message,
        );
      }
      throw e;
    }
  });
  return router;
}
