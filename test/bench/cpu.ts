/**
 * CPU time spent by processes, read from /proc/<pid>/stat (user + system, in clock ticks of 10 ms): the cost
 * of a run on the node process and on the PostgreSQL backends serving it, whatever else the machine runs.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { Client } from 'pg';

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The fields of /proc/<pid>/stat after the command (which may hold spaces): state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14). */
const statFields = (pid: number | string): string[] => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
};

/** CPU ms used so far by `pid` (user + system), and by its reaped children when `children`; 0 when it has gone. */
export function processCpuMs(pid: number, children = false): number {
  try {
    const f = statFields(pid);
    const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    return (ticks * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** A postmaster's CPU with every backend's: live children now, ended ones through the postmaster's cutime/cstime. */
export function serverCpuMs(postmaster: number): number {
  let total = processCpuMs(postmaster, true);
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (Number(statFields(p)[1]) === postmaster) total += processCpuMs(Number(p));
    } catch {
      // ended meanwhile
    }
  }
  return total;
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
