/**
 * Waiting on a condition, never on the clock: `waitFor` polls `check` until it gives a value other than
 * undefined / false / null and returns that value, or fails naming what it waited for. Tests use it instead of
 * fixed sleeps, so they are as fast as the machine allows and only as slow as they must be.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 15000, everyMs = 20, detail }: { timeoutMs?: number; everyMs?: number; detail?: () => string } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `; ${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
