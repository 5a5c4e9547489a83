import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '../..');
export const DIST = path.join(ROOT, 'dist');

const newest = (p: string): number => {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
};

const fresh = (): boolean => {
  const main = path.join(DIST, 'src/main.js');
  const sources = Math.max(
    newest(path.join(ROOT, 'src')),
    newest(path.join(ROOT, 'migrations')),
    newest(path.join(ROOT, 'ormconfig.ts')),
  );
  return fs.existsSync(main) && fs.statSync(main).mtimeMs >= sources;
};

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds dist/ (tsc -p .) unless it is newer than every source file: tests that run the real process need it.
 * CI builds it anyway (npm run schema:check), so there this costs nothing. Two Jest workers may ask at once:
 * one builds (holding dist/.build-lock), the other waits for it.
 */
export function ensureBuilt(): void {
  if (fresh()) return;
  fs.mkdirSync(DIST, { recursive: true });
  const lock = path.join(DIST, '.build-lock');
  for (const end = Date.now() + 180000; Date.now() < end; sleep(200)) {
    let fd: number;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch {
      // Someone else builds; a lock older than 3 minutes was left by a killed run.
      const st = fs.statSync(lock, { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs > 180000) fs.rmSync(lock, { force: true });
      continue;
    }
    try {
      if (!fresh())
        execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', ROOT], { stdio: 'inherit' });
      return;
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
  throw new Error('dist/ was not built within 3 minutes');
}
