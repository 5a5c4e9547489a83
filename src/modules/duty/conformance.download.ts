import express, { type Router } from 'express';
import type { Db } from '../../db/database';
import { answerFailure, asOfQuery, jsonFail, sendAttachment } from '../../graphql/http-answers';
import type { Access } from '../access/access.service';
import { exportConformance } from './conformance.export';

/**
 * `GET /conformance/:scope.xlsx` (`?asOf=YYYY-MM-DD`): the 三级四同 findings of every catalogue under a scope (a
 * county) as a workbook download. Reading follows the GraphQL rule: a token when public reading is off.
 */
export function conformanceDownloadRouter(db: Db, access: Access): Router {
  const router = express.Router();
  router.get('/conformance/:scope.xlsx', async (req, res) => {
    const fail = jsonFail(res);
    const asOf = asOfQuery(req.query.asOf, fail);
    if (asOf === undefined) return;
    try {
      await access.authenticate(req.headers.authorization);
      const file = await exportConformance(db, req.params.scope, asOf);
      sendAttachment(res, file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    } catch (e) {
      answerFailure(res, e, fail);
    }
  });
  return router;
}
