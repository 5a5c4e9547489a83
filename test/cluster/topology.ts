import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDatabase } from '../../src/db/embedded';
import { createReplica, initPrimary, localServer, startServer, stopServer, type LocalServer } from '../../src/db/replication';
import { freePort } from '../bench/common';

export interface Topology {
  base: string;
  password: string;
  primary: LocalServer;
  replicas: LocalServer[];
  /** The `shudi` database on `server`. */
  url(server: LocalServer): string;
  close(): Promise<void>;
}

/** A primary and `n` streaming replicas of it (src/db/replication.ts) in a temporary folder, database `shudi` created. */
export async function startTopology(n: number): Promise<Topology> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'shudi-cluster-'));
  fs.chmodSync(base, 0o755); // the postgres OS user must reach its data dirs inside
  const password = randomBytes(12).toString('hex');
  const started: LocalServer[] = [];
  const close = async () => {
    for (const s of started.reverse()) await stopServer(s.dir, 'immediate').catch(() => undefined);
    fs.rmSync(base, { recursive: true, force: true });
  };
  try {
    const dir = path.join(base, 'primary');
    await initPrimary(dir, password);
    const primary = localServer('primary', dir, await freePort(), password);
    await startServer(dir, primary.port);
    started.push(primary);
    await ensureDatabase(primary.urlFor('postgres'), 'shudi');
    const replicas: LocalServer[] = [];
    for (let i = 1; i <= n; i++) {
      const r = await createReplica(primary, password, { name: `replica${i}`, dir: path.join(base, `replica${i}`), port: await freePort() });
      started.push(r);
      replicas.push(r);
    }
    return { base, password, primary, replicas, url: (s) => s.urlFor('shudi'), close };
  } catch (e) {
    await close();
    throw e;
  }
}
