/**
 * CPU time spent by processes, read from /proc/<pid>/stat (user + system, in clock ticks of 10 ms): the cost
 * of a run on the node process and on the PostgreSQL backends serving it, whatever else the machine runs.
 */
import * as fs from 'node:fs';
import type { Client } from 'pg';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU milliseconds `pid` has used so far (0 when it has gone). */
export function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command (which may hold spaces) start after the last ')'; utime, stime are the 12th, 13th
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/**
 * The backends of the connections whose application_name starts with `prefix`, and their CPU so far.
 * PostgreSQL's backends are processes on this machine (the bench's own cluster), so /proc reads them.
 */
export async function backendsCpuMs(admin: Client, prefix: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>(
    `select pid from pg_stat_activity where application_name like $1 || '%' and pid <> pg_backend_pid()`,
    [prefix],
  );
  return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
}

/** CPU used between two readings of the same process set (new processes count from zero). */
export function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, cpu] of after) ms += cpu - (before.get(pid) ?? 0);
  return ms;
}

/** Measures what `run` costs: node process `pid` and the backends whose application_name starts with `prefix`. */
export async function measureCpu<T>(
  admin: Client,
  pid: number,
  prefix: string,
  run: () => Promise<T>,
): Promise<{ result: T; nodeMs: number; dbMs: number }> {
  const node0 = processCpuMs(pid);
  const db0 = await backendsCpuMs(admin, prefix);
  const result = await run();
  const db1 = await backendsCpuMs(admin, prefix);
  return { result, nodeMs: processCpuMs(pid) - node0, dbMs: cpuSince(db0, db1) };
}
