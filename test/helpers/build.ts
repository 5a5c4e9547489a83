import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '../..');
export const DIST = path.join(ROOT, 'dist');

/**
 * Builds dist/ (tsc -p .) unless it is newer than every source file: tests that run the real process need it.
 * CI builds it anyway (npm run schema:check), so there this costs nothing.
 */
export function ensureBuilt(): void {
  const main = path.join(DIST, 'src/main.js');
  const newest = (p: string): number => {
    const st = fs.statSync(p);
    if (!st.isDirectory()) return st.mtimeMs;
    return Math.max(0, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
  };
  const sources = Math.max(
    newest(path.join(ROOT, 'src')),
    newest(path.join(ROOT, 'migrations')),
    newest(path.join(ROOT, 'ormconfig.ts')),
  );
  if (fs.existsSync(main) && fs.statSync(main).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', ROOT], { stdio: 'inherit' });
}
