import * as fs from 'node:fs';
import * as path from 'node:path';

/** Algorithms a token may be signed with (jose names). */
export const ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/**
 * How bearer tokens are verified. Exactly one key source: a shared secret (HS256), a JWKS URL or a PEM
 * public key (a provincial identity provider), or none of them: a secret generated into `secretFile`.
 */
export interface AuthConfig {
  /** SHUDI_JWT_SECRET: HS256 shared secret (≥ 32 bytes). */
  secret: string | null;
  /** SHUDI_JWT_JWKS_URL: the identity provider's key set. */
  jwksUrl: string | null;
  /** SHUDI_JWT_JWKS_TIMEOUT_MS (default 3000): the longest a request waits on the provider for its key set. */
  jwksTimeoutMs: number;
  /** SHUDI_JWT_JWKS_CACHE_MS (default 600000): how long the last good key set is used without asking again. */
  jwksCacheMs: number;
  /** SHUDI_JWT_PUBLIC_KEY: the PEM text (SPKI public key or X.509 certificate), read from the file when a path was given. */
  publicKey: string | null;
  /** SHUDI_JWT_ALG (comma-separated): accepted algorithms; null = by key source (HS256; RS256,ES256; the PEM key's type). */
  algorithms: string[] | null;
  /** SHUDI_JWT_ISSUER / SHUDI_JWT_AUDIENCE: required `iss` / `aud` when set (minted tokens carry them). */
  issuer: string | null;
  audience: string | null;
  /** `<dataDir>/jwt-secret`: generated on first start (mode 0600) when no key source is configured. */
  secretFile: string;
  /** SHUDI_PUBLIC_READ (default true): queries without a token are answered. */
  publicRead: boolean;
}

const set = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : null);

/** Reads the SHUDI_JWT_* and SHUDI_PUBLIC_READ variables (called by config.ts, the only reader of process.env). */
export function loadAuthConfig(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  problems: string[],
  flag: (name: string, fallback: boolean) => boolean,
): AuthConfig {
  const secret = set(env.SHUDI_JWT_SECRET);
  const jwksUrl = set(env.SHUDI_JWT_JWKS_URL);
  const keyVar = set(env.SHUDI_JWT_PUBLIC_KEY);
  const sources = [secret && 'SHUDI_JWT_SECRET', jwksUrl && 'SHUDI_JWT_JWKS_URL', keyVar && 'SHUDI_JWT_PUBLIC_KEY'].filter(
    Boolean,
  );
  if (sources.length > 1) problems.push(`set only one of ${sources.join(', ')} (one key source verifies tokens)`);
  if (secret && Buffer.byteLength(secret) < 32) problems.push('SHUDI_JWT_SECRET is shorter than 32 bytes');
  if (jwksUrl && !/^https?:\/\//.test(jwksUrl)) problems.push(`SHUDI_JWT_JWKS_URL="${jwksUrl}" is not an http(s) URL`);
  const millis = (name: string, fallback: number, min: number): number => {
    const raw = set(env[name]);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      problems.push(`${name}="${raw}" is not a whole number of milliseconds ≥ ${min}`);
      return fallback;
    }
    return n;
  };
  const jwksTimeoutMs = millis('SHUDI_JWT_JWKS_TIMEOUT_MS', 3000, 1);
  const jwksCacheMs = millis('SHUDI_JWT_JWKS_CACHE_MS', 600_000, 0);
  let publicKey: string | null = null;
  if (keyVar) {
    if (keyVar.startsWith('-----BEGIN')) publicKey = keyVar.replace(/\\n/g, '\n');
    else if (fs.existsSync(keyVar)) publicKey = fs.readFileSync(keyVar, 'utf8');
    else problems.push(`SHUDI_JWT_PUBLIC_KEY="${keyVar}" is neither a PEM text nor a readable file`);
    if (publicKey !== null && !/-----BEGIN (PUBLIC KEY|CERTIFICATE)-----/.test(publicKey)) {
      problems.push('SHUDI_JWT_PUBLIC_KEY holds no "BEGIN PUBLIC KEY" or "BEGIN CERTIFICATE" PEM block');
    }
  }
  const algVar = set(env.SHUDI_JWT_ALG);
  const algorithms = algVar ? algVar.split(',').map((a) => a.trim()) : null;
  for (const a of algorithms ?? []) {
    if (!(ALGORITHMS as readonly string[]).includes(a))
      problems.push(`SHUDI_JWT_ALG: "${a}" is not one of ${ALGORITHMS.join(', ')}`);
  }
  const symmetric = !jwksUrl && !keyVar;
  if (algorithms && algorithms.some((a) => a.startsWith('HS') !== symmetric)) {
    problems.push(
      `SHUDI_JWT_ALG="${algVar}" does not fit the key source (HS* with a secret, others with a JWKS URL or public key)`,
    );
  }
  return {
    secret,
    jwksUrl,
    jwksTimeoutMs,
    jwksCacheMs,
    publicKey,
    algorithms,
    issuer: set(env.SHUDI_JWT_ISSUER),
    audience: set(env.SHUDI_JWT_AUDIENCE),
    secretFile: path.join(dataDir, 'jwt-secret'),
    publicRead: flag('SHUDI_PUBLIC_READ', true),
  };
}
