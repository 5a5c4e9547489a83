/**
 * WAL positions (PostgreSQL's pg_lsn, written `X/Y` in hex) as bigints, and the header that carries them
 * between a client and the API for read-your-writes (docs/deployment.md).
 */

/** Sent with every write's answer (and in `extensions.walPosition`); a client sends it back on its reads. */
export const LSN_HEADER = 'x-shudi-wal-position';

const LSN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** `16/B374D848` → bigint; null when `text` is not a WAL position. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const m = text ? LSN.exec(text.trim()) : null;
  if (!m) return null;
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/**
 * The position a request asks to read at (its header), null when none was sent; a malformed header is
 * refused with a message naming it (the caller turns the Error into a 400).
 */
export function requestedLsn(header: string | string[] | null | undefined): bigint | null {
  const raw = Array.isArray(header) ? header[header.length - 1] : header;
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  const lsn = parseLsn(raw);
  if (lsn === null) {
    throw new Error(
      `${LSN_HEADER}="${raw}" is not a WAL position (allowed: two hex numbers like 0/16B3748, as a write's answer carries it) ` +
        `不是有效的 WAL 位置（应为写入应答中返回的形如 0/16B3748 的值）`,
    );
  }
  return lsn;
}
