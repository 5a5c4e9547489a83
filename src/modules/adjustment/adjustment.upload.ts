import express, { type Router } from 'express';
import type { Db } from '../../db/database';
import { AppError } from '../../errors';
import { requireRole } from '../access/access.guard';
import type { Access } from '../access/access.service';
import { tableDocument } from '../exchange/table/table.import';
import { answerFailure, jsonFail } from '../../graphql/http-answers';
import { readUpload } from '../exchange/table/table.upload';
import { adjustmentImpact, createAdjustment } from './adjustment.service';

/**
 * `POST /catalogues/:code/adjustment` (multipart/form-data, one part `file`: the list as an .xlsx/.csv table,
 * or a shudi-catalogue/1 .json document; query `applicant`, `reason`, `trigger`, `effectiveFrom`, optional
 * `label` (default CHANGE), `basis` (repeatable), `triggeredOn`, `draft=true`): files an adjustment of the
 * catalogue as the form's upload does for imports; answers the adjustment (its number) and its impact. A table
 * states the list as of the effective date. Nothing is written when anything is wrong.
 */
export function adjustmentUploadRouter(db: Db, access: Access, limitBytes: number): Router {
  const router = express.Router();
  router.post('/catalogues/:code/adjustment', async (req, res) => {
    const fail = jsonFail(res);
    const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : null);
    const list = (name: string) =>
      ([] as unknown[]).concat(req.query[name] ?? []).filter((v): v is string => typeof v === 'string');
    try {
      const principal = await access.authenticate(req.headers.authorization);
      requireRole({ principal }, 'EDITOR');
      const file = await readUpload(req, limitBytes);
      if (file === 'too-large')
        return fail(
          413,
          'PAYLOAD_TOO_LARGE',
          `文件超过 ${limitBytes} 字节 · the file is larger than ${limitBytes} bytes (SHUDI_IMPORT_BODY_LIMIT)`,
        );
      if (!file) return fail(400, 'BAD_USER_INPUT', '缺少文件字段 "file" · multipart part "file" is missing');
      const catalogue = req.params.code as string;
      const effectiveFrom = q('effectiveFrom') ?? '';
      let document: unknown;
      if (/\.json$/i.test(file.name)) {
        try {
          document = JSON.parse(file.bytes.toString('utf8'));
        } catch (e) {
          throw new AppError('ADJUSTMENT_INVALID', `file: 不是 JSON 文档 · not a JSON document (${(e as Error).message})`, [
            { path: 'file', message: 'not JSON' },
          ]);
        }
      } else {
        const table = await tableDocument(db, file.bytes, {
          catalogue,
          format: /\.csv$/i.test(file.name) ? 'CSV' : /\.xlsx$/i.test(file.name) ? 'XLSX' : null,
          asOf: effectiveFrom || null,
          effectiveFrom: effectiveFrom || null,
        });
        if (!table.document)
          return res
            .status(400)
            .json({ error: { code: 'BAD_USER_INPUT', message: '表格有误 · the table has problems', problems: table.problems } });
        document = table.document;
      }
      const a = await createAdjustment(
        db,
        {
          catalogue,
          applicant: q('applicant') ?? '',
          reason: q('reason') ?? '',
          basis: list('basis'),
          trigger: q('trigger') ?? '',
          triggeredOn: q('triggeredOn'),
          effectiveFrom,
          changes: [{ label: q('label') ?? 'CHANGE', document }],
        },
        { submit: q('draft') !== 'true', actor: principal.subject, reason: q('reason'), principal },
      );
      res.json({ number: a.id, state: a.state, revision: a.revision, impact: await adjustmentImpact(db, a) });
    } catch (e) {
      answerFailure(res, e, fail);
    }
  });
  return router;
}
