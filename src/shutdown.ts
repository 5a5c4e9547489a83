import type { LogFn } from './observability/logger';

export interface ShutdownDeps {
  /** Stops taking requests and waits for in-flight ones (App.stop: the drain has its own grace period). */
  stopServer(): Promise<void>;
  /** Closes the pool and stops the embedded database. */
  closeDatabase(): Promise<void>;
  log: LogFn;
  /** Hard limit for the whole shutdown: past it the process exits with 1 whatever is still running. */
  timeoutMs: number;
  exit?: (code: number) => void;
  signals?: NodeJS.Signals[];
}

/**
 * Graceful shutdown on SIGTERM / SIGINT: /readyz turns 503, the listener closes, idle keep-alive connections
 * close, in-flight requests finish, then the pool closes and the embedded PostgreSQL stops; exit 0.
 * A second signal, or the timeout, exits at once with 1. Returns the shutdown function (tests call it).
 */
export function installShutdown(deps: ShutdownDeps): (signal: string) => Promise<void> {
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      deps.log('warn', 'second signal: exiting now 再次收到信号，立即退出', { signal });
      return exit(1);
    }
    stopping = true;
    const started = Date.now();
    deps.log('info', 'shutting down 正在停止', { signal, timeoutMs: deps.timeoutMs });
    const timer = setTimeout(() => {
      deps.log('error', 'shutdown timed out: exiting 停止超时，强制退出', { timeoutMs: deps.timeoutMs });
      exit(1);
    }, deps.timeoutMs);
    timer.unref();
    try {
      await deps.stopServer();
      deps.log('info', 'requests drained 请求已处理完毕', { ms: Date.now() - started });
      await deps.closeDatabase();
      deps.log('info', 'stopped 已停止', { ms: Date.now() - started });
      clearTimeout(timer);
      exit(0);
    } catch (e) {
      deps.log('error', 'shutdown failed 停止失败', { err: String((e as Error)?.stack ?? e) });
      clearTimeout(timer);
      exit(1);
    }
  };
  for (const signal of deps.signals ?? (['SIGTERM', 'SIGINT'] as NodeJS.Signals[])) {
    process.on(signal, () => void shutdown(signal));
  }
  return shutdown;
}
