import * as fs from 'node:fs';
import { Client } from 'pg';
import type { TestRun } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const run = (globalThis as { __shudiTestRun?: TestRun }).__shudiTestRun;
  if (!run) return;
  if (run.server) {
    await run.server.stop();
    if (run.dir) fs.rmSync(run.dir, { recursive: true, force: true });
    return;
  }
  const admin = new Client({ connectionString: run.maintenanceUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${run.template}" with (force)`);
  } finally {
    await admin.end();
  }
}
