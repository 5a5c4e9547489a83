import express, { type Router } from 'express';
import { GraphQLError } from 'graphql';
import type { Db } from '../../db/database';
import { isIsoDate } from '../../dates';
import { AppError } from '../../errors';
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
    const fail = (status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });
    const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : null);
    const asOf = q('asOf');
    if (asOf !== null && !isIsoDate(asOf))
      return fail(400, 'BAD_USER_INPUT', `asOf "${asOf}" 不是日期 (YYYY-MM-DD) · asOf "${asOf}" is not a date (YYYY-MM-DD)`);
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
