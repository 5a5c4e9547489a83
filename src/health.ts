import type { Router } from 'express';
import express from 'express';
import type { Db } from './db/database';
import type { ReplicaSet } from './db/replicas';

/**
 * Operational endpoints: /healthz (the process answers) and /readyz (the database answers and every
 * migration this build knows has been applied). 503 with the reasons when not ready, and once shutdown began.
 */
export function healthRouter(
  db: Db,
  lifecycle: { stopping: boolean } = { stopping: false },
  cluster: { replicas?: ReplicaSet; jobs?: { leading: boolean } } = {},
): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const problems: string[] = [];
    if (lifecycle.stopping) problems.push('shutting down 正在停止服务');
    try {
      await db.query('select 1');
      const pending = await db.dataSource.showMigrations();
      if (pending) problems.push('migrations pending 有未执行的数据库迁移');
    } catch (e) {
      // no host, port or driver text on an unauthenticated endpoint; the log has the details
      void e;
      problems.push('database unreachable 数据库不可用');
    }
    // with replicas: each one's state (a replica out of the rotation is a detail, not a reason to stop serving:
    // reads then go to the others or the primary)
    const details = cluster.replicas
      ? {
          replicas: cluster.replicas.status(),
          scheduledJobs: cluster.jobs?.leading ? 'this node 本节点' : 'another node 其他节点',
        }
      : undefined;
    res
      .status(problems.length ? 503 : 200)
      .json({ status: problems.length ? 'unavailable' : 'ready', problems, ...(details ? { details } : {}) });
  });
  return router;
}
