import type { RequestHandler, Router } from 'express';
import express from 'express';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/database';
import type { ReplicaSet } from '../db/replicas';
import { pathOf } from './logger';
import { observationOf, type Observation } from './observation';

/** Process metrics (CPU, memory, event loop, GC) are per process: collected once, into their own registry. */
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Operation names are chosen by clients: past this many distinct names, new ones count as "(other)". */
const MAX_OPERATION_LABELS = 200;

export interface Metrics {
  registry: Registry;
  /** Counts and times every request when its response finishes. */
  middleware: RequestHandler;
  /** GET /metrics in the Prometheus text format. */
  router: Router;
}

/**
 * Prometheus metrics of one app: GraphQL requests and their latency by operation name, errors by code,
 * HTTP requests by route and status, the pg pool behind the DataSource (total / idle / waiting), and the
 * default process metrics.
 */
export function createMetrics(db: Db, replicas?: ReplicaSet): Metrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'shudi_graphql_requests_total',
    help: 'GraphQL requests by operation name and HTTP status',
    labelNames: ['operation', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'shudi_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'shudi_graphql_errors_total',
    help: 'Errors answered to GraphQL requests, by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const http = new Counter({
    name: 'shudi_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  poolGauges(registry, db);
  if (replicas) replicaGauges(registry, replicas);
  new Gauge({
    name: 'shudi_flag_refresh_pending',
    help: 'Counties whose flags wait for a refresh of the maintained flag store',
    registers: [registry],
    async collect() {
      const rows = await db.query<{ n: number }>('select count(*)::int as n from flag_refresh').catch(() => null);
      if (rows) this.set(rows[0].n);
    },
  });
  new Gauge({
    name: 'shudi_flag_counties_computed',
    help: 'Counties of the maintained flag store computed at least once (the refresh progress beside pending)',
    registers: [registry],
    async collect() {
      const rows = await db
        .query<{ n: number }>('select count(*)::int as n from flag_county where computed_at is not null')
        .catch(() => null);
      if (rows) this.set(rows[0].n);
    },
  });

  const seen = new Set<string>();
  const operationLabel = (obs: Observation): string => {
    if (!obs.resolved) return '(none)';
    if (!obs.operation) return '(anonymous)';
    const name = obs.operation.slice(0, 100);
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_LABELS) return '(other)';
    seen.add(name);
    return name;
  };

  const middleware: RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const status = String(res.statusCode);
      http.inc({ route: routeOf(pathOf(req)), status });
      const obs = observationOf(res);
      if (!obs?.graphql) return;
      const operation = operationLabel(obs);
      requests.inc({ operation, status });
      duration.observe({ operation }, seconds);
      for (const code of obs.errorCodes) errors.inc({ code });
    });
    next();
  };

  const router = express.Router();
  router.get('/metrics', async (_req, res, next) => {
    try {
      const text = (await processMetrics().metrics()) + (await registry.metrics());
      res.set('content-type', registry.contentType).send(text);
    } catch (e) {
      next(e);
    }
  });
  return { registry, middleware, router };
}

const ROUTES = ['/graphql', '/graphiql', '/healthz', '/readyz', '/metrics'];
function routeOf(path: string): string {
  if (path === '/') return '/';
  return ROUTES.find((r) => path === r || path.startsWith(`${r}/`)) ?? 'other';
}

/** The pg.Pool behind the TypeORM DataSource, read at scrape time. */
function poolGauges(registry: Registry, db: Db): void {
  const pool = () => (db.dataSource.driver as unknown as { master?: Pool & { options?: { max?: number } } }).master;
  new Gauge({
    name: 'shudi_db_pool_connections',
    help: 'Connections of the PostgreSQL pool: total (open), idle, waiting (requests queued for a connection)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const p = pool();
      this.set({ state: 'total' }, p?.totalCount ?? 0);
      this.set({ state: 'idle' }, p?.idleCount ?? 0);
      this.set({ state: 'waiting' }, p?.waitingCount ?? 0);
    },
  });
  new Gauge({
    name: 'shudi_db_pool_max',
    help: 'Largest number of connections the pool opens',
    registers: [registry],
    collect() {
      this.set(pool()?.options?.max ?? 0);
    },
  });
}

/** Per replica: lag behind the primary (bytes of WAL, seconds) and whether it is in the read rotation. */
function replicaGauges(registry: Registry, replicas: ReplicaSet): void {
  const each = (name: string, help: string, value: (s: ReturnType<ReplicaSet['status']>[number]) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['replica', 'address'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const s of replicas.status()) {
          const v = value(s);
          if (v !== null) this.set({ replica: s.name, address: s.address }, v);
        }
      },
    });
  each('shudi_replica_lag_bytes', 'WAL bytes the replica has not replayed yet (primary write position minus replay position)', (s) => s.lagBytes);
  each('shudi_replica_lag_seconds', 'How long ago the primary first wrote WAL this replica has not replayed (0: caught up)', (s) =>
    s.lagMs === null ? null : s.lagMs / 1000,
  );
  each('shudi_replica_in_rotation', '1 when queries are sent to the replica, 0 when it is out (unreachable or lagging)', (s) =>
    s.inRotation ? 1 : 0,
  );
  each('shudi_replica_removals_total', 'Times the replica left the read rotation since the node started', (s) => s.removals);
}
