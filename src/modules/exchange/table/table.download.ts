import express, { type Router } from 'express';
import type { Db } from '../../../db/database';
import { answerFailure, asOfQuery, jsonFail, sendAttachment } from '../../../graphql/http-answers';
import type { Access } from '../../access/access.service';
import { exportTable, type CsvEncoding } from './table.export';

/**
 * `GET /catalogues/:code/table.xlsx` and `…/table.csv` (`?asOf=YYYY-MM-DD`, `?encoding=gb18030`): the table
 * export as a plain download, so a clerk's browser (or `curl -O`) gets the file without decoding base64.
 * Reading follows the GraphQL rule: a token when public reading is off.
 */
export function tableDownloadRouter(db: Db, access: Access): Router {
  const router = express.Router();
  router.get('/catalogues/:code/table.:ext', async (req, res) => {
    const fail = jsonFail(res);
    const format = req.params.ext === 'xlsx' ? 'XLSX' : req.params.ext === 'csv' ? 'CSV' : null;
    if (!format)
      return fail(
        404,
        'NOT_FOUND',
        `没有 .${req.params.ext} 格式，可用 .xlsx 或 .csv · no .${req.params.ext}; use .xlsx or .csv`,
      );
    const asOf = asOfQuery(req.query.asOf, fail);
    if (asOf === undefined) return;
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
      sendAttachment(res, file, file.mediaType);
    } catch (e) {
      answerFailure(res, e, fail);
    }
  });
  return router;
}
