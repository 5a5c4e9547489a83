import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The CLI as a real process, from its sources (no build: test/helpers/ts-register.js transpiles on
 * require). `env` is added to a clean environment: no DATABASE_URL or SHUDI_* leaks in from the caller.
 */
export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|SHUDI_|PG)/.test(k)));
  return spawn(
    process.execPath,
    ['-r', path.join(__dirname, 'ts-register.js'), path.join(ROOT, 'src', 'cli', 'main.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...clean, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = spawnCli(args, env);
  return finished(child);
}

/** The outcome of a spawned CLI, with everything it wrote. */
export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
