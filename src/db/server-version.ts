/**
 * The PostgreSQL major versions shudi runs on. Every statement is written for 15 (no any_value, no
 * json_array/json_object constructors, no 16+ syntax); CI runs the engine, import, access and migration
 * tests on 15 and everything on the embedded 17.
 */
export const SUPPORTED_POSTGRES = { min: 15, max: 17 } as const;

/** The server's `server_version_num` (e.g. 150018) as "15.18"; 9.x-style numbers as "9.6.24". */
export function versionName(num: number): string {
  const major = Math.floor(num / 10000);
  if (major >= 10) return `${major}.${num % 10000}`;
  return `${Math.floor(num / 10000)}.${Math.floor(num / 100) % 100}.${num % 100}`;
}

/** null when the server is supported; otherwise the bilingual reason naming its version. */
export function unsupportedServer(num: number, supported: { min: number; max: number } = SUPPORTED_POSTGRES): string | null {
  const major = Math.floor(num / 10000);
  if (Number.isInteger(num) && major >= supported.min && major <= supported.max) return null;
  const allowed = `${supported.min}–${supported.max}`;
  return (
    `不支持的 PostgreSQL 版本 ${versionName(num)}（支持 ${allowed}）· ` +
    `PostgreSQL ${versionName(num)} is not supported (shudi runs on PostgreSQL ${allowed}); ` +
    'point DATABASE_URL at a supported server, or leave it unset to use the embedded PostgreSQL 17'
  );
}
