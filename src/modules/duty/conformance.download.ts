import express, { type Router } from 'express';
import { GraphQLError } from 'graphql';
import type { Db } from '../../db/database';
import { isIsoDate } from '../../dates';
import { AppError } from '../../errors';
import type { Access } from '../access/access.service';
import { exportConformance } from './conformance.export';

/**
 * `GET /conformance/:scope.xlsx` (`?asOf=YYYY-MM-DD`): the 三级四同 findings of every catalogue under a scope (a
 * county) as a workbook download. Reading follows the GraphQL rule: a token when public reading is off.
 */
export function conformanceDownloadRouter(db: Db, access: Access): Router {
  const router = express.Router();
  router.get('/conformance/:scope.xlsx', async (req, res) => {
    const fail = (status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });
    const asOf = typeof req.query.asOf === 'string' ? req.query.asOf : null;
    if (asOf !== null && !isIsoDate(asOf)) {
      return fail(400, 'BAD_USER_INPUT', `asOf "${asOf}" 不是日期 (YYYY-MM-DD) · asOf "${asOf}" is not a date (YYYY-MM-DD)`);
    }
    try {
      await access.authenticate(req.headers.authorization);
      const file = await exportConformance(db, req.params.scope, asOf);
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
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
      throw e;
    }
  });
  return router;
}
