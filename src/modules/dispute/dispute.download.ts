import express, { type Router } from 'express';
import type { Db } from '../../db/database';
import { answerFailure, asOfQuery, jsonFail, sendAttachment } from '../../graphql/http-answers';
import type { Access } from '../access/access.service';
import { DISPUTE_STATES } from './dispute.rules';
import { exportRulings } from './dispute.export';

/**
 * `GET /rulings/:scope.xlsx` — the 裁定清单 of a scope as a workbook (`?states=RULED,OPEN` other states,
 * `?overdue=true|false`, `?asOf=YYYY-MM-DD` the day overdue is judged on). Reading follows the GraphQL rule.
 */
export function rulingsDownloadRouter(db: Db, access: Access): Router {
  const router = express.Router();
  router.get('/rulings/:scope.xlsx', async (req, res) => {
    const fail = jsonFail(res);
    const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : null);
    const asOf = asOfQuery(req.query.asOf, fail);
    if (asOf === undefined) return;
    const states =
      q('states')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? null;
    const unknown = states?.find((s) => !(DISPUTE_STATES as readonly string[]).includes(s));
    if (unknown !== undefined)
      return fail(
        400,
        'BAD_USER_INPUT',
        `states: "${unknown}" 不是争议状态，允许 ${DISPUTE_STATES.join(', ')} · states: "${unknown}" is not a dispute state; allowed ${DISPUTE_STATES.join(', ')}`,
      );
    const overdueText = q('overdue');
    if (overdueText !== null && !['true', 'false'].includes(overdueText))
      return fail(
        400,
        'BAD_USER_INPUT',
        `overdue "${overdueText}" 应为 true 或 false · overdue "${overdueText}": allowed true, false`,
      );
    try {
      await access.authenticate(req.headers.authorization);
      const file = await exportRulings(db, req.params.scope, {
        states: states?.length ? states : undefined,
        overdue: overdueText === null ? null : overdueText === 'true',
        asOf: asOf ?? undefined,
      });
      sendAttachment(res, file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    } catch (e) {
      answerFailure(res, e, fail);
    }
  });
  return router;
}
