import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { RequestContext } from '../context';
import type { DataVersion } from '../db/data-version';
import { todayInChina } from '../dates';
import { readRouteOf } from './read-routing';

/**
 * Query responses cached per data version (docs/decisions.md): a query's answer depends only on the data,
 * its variables, the date (asOf defaults to today) and who asks, so the same request at the same data version
 * gets the same answer. Entries are dropped whenever the version changes; while it is unknown (a write just
 * committed here, a notification not yet read) nothing is served from the cache. Only successful queries are
 * kept; mutations never. Bounded by entries and by the size of the JSON kept (least recently used first out).
 */
export function responseCachePlugin(
  version: DataVersion,
  opts: { maxEntries?: number; maxBytes?: number } = {},
): ApolloServerPlugin<RequestContext> {
  const maxEntries = opts.maxEntries ?? 2000;
  const maxBytes = opts.maxBytes ?? 8 * 1024 * 1024;
  const cache = new Map<string, { result: FormattedExecutionResult; bytes: number }>();
  let bytes = 0;
  let cachedVersion: string | null = null;
  const keyOf = (rc: GraphQLRequestContext<RequestContext>, v: string) =>
    JSON.stringify([
      v,
      todayInChina(),
      // who asks: whatever a caller may be identified by
      ...['authorization', 'cookie', 'x-api-key'].map((h) => rc.request.http?.headers.get(h) ?? null),
      rc.request.operationName ?? null,
      rc.source,
      rc.request.variables ?? null,
    ]);
  return {
    async requestDidStart() {
      let key: string | null = null;
      return {
        async responseForOperation(rc) {
          if (rc.operation?.operation !== 'query') return null;
          const v = version.current;
          if (v === null) return null;
          // with replicas: a client that sent back a write newer than the version known here bypasses the cache,
          // and an answer read on a replica is kept only if the replica had replayed the version's position
          const route = readRouteOf(rc.contextValue);
          if (route) {
            const at = version.lsn;
            if (at === null || (route.asked !== null && at < route.asked)) return null;
            if (route.readPosition !== null && route.readPosition < at) {
              const hit = cache.get(keyOf(rc, v));
              return hit && cachedVersion === v ? { http: rc.response.http, body: { kind: 'single', singleResult: hit.result } } : null;
            }
          }
          if (v !== cachedVersion) {
            cache.clear();
            bytes = 0;
            cachedVersion = v;
          }
          key = keyOf(rc, v);
          const hit = cache.get(key);
          if (!hit) return null;
          cache.delete(key);
          cache.set(key, hit); // most recently used last
          return { http: rc.response.http, body: { kind: 'single', singleResult: hit.result } };
        },
        async willSendResponse(rc) {
          if (!key || rc.response.body.kind !== 'single' || key.indexOf(JSON.stringify(version.current)) !== 1) return;
          const result = rc.response.body.singleResult;
          if (result.errors || cache.has(key)) return;
          const size = key.length + JSON.stringify(result).length;
          cache.set(key, { result, bytes: size });
          bytes += size;
          while (cache.size > maxEntries || bytes > maxBytes) {
            const [oldest, entry] = cache.entries().next().value!;
            cache.delete(oldest);
            bytes -= entry.bytes;
          }
        },
      };
    },
  };
}
