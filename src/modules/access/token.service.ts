import { createPublicKey, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createRemoteJWKSet,
  errors as joseErrors,
  importSPKI,
  importX509,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { canonicalCode, NATION } from '../jurisdiction/jurisdiction.code';
import type { AuthConfig } from '../../auth.config';
import { isRole, ACCESS_ROLES, type Principal, type AccessRole } from './access.rules';

/**
 * Bearer tokens (JWT): verified with a shared secret (HS256), a JWKS URL or a PEM public key, so a
 * provincial identity provider can issue them; minted by `npm run cli -- token` with the shared secret.
 * Claims: `sub` (who, recorded as the actor of every write), `role`, `scope` (jurisdiction code).
 */

/** A token that cannot be used, and why (bilingual; the HTTP layer answers 401 UNAUTHENTICATED). */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

/**
 * The identity provider's key set cannot be had (unreachable, slow, or answering nonsense) and no good copy
 * is cached: not the caller's fault, so the HTTP layer answers 503 SERVICE_UNAVAILABLE with Retry-After.
 */
export class KeysUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeysUnavailableError';
  }
}

const KEYS_UNAVAILABLE =
  '暂时无法验证令牌：取不到身份提供方的密钥，请稍后重试 · cannot verify the token now: the identity provider’s keys are unavailable; try again shortly';

export type TokenVerifier = (token: string) => Promise<Principal>;

/** The generated secret of an unconfigured (embedded) install: created once, mode 0600, reused afterwards. */
export function generatedSecret(file: string): Uint8Array {
  try {
    return secretBytes(fs.readFileSync(file, 'utf8'), file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and linked into place: a concurrent reader sees no file or the whole secret, never half.
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(aside, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  try {
    fs.linkSync(aside, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first: use theirs
  } finally {
    fs.unlinkSync(aside);
  }
  return secretBytes(fs.readFileSync(file, 'utf8'), file);
}

function secretBytes(text: string, file: string): Uint8Array {
  const secret = text.trim();
  if (Buffer.byteLength(secret) < 32) throw new Error(`${file}: the JWT secret is shorter than 32 bytes`);
  return new TextEncoder().encode(secret);
}

/** The HS256 key the CLI signs with: SHUDI_JWT_SECRET, or the generated one. Asymmetric setups mint at the provider. */
export function signingKey(auth: AuthConfig): Uint8Array {
  if (auth.jwksUrl || auth.publicKey) {
    throw new Error(
      '令牌由身份提供方签发，本地无法签发（配置了 SHUDI_JWT_JWKS_URL 或 SHUDI_JWT_PUBLIC_KEY）· ' +
        'tokens come from the identity provider here (SHUDI_JWT_JWKS_URL or SHUDI_JWT_PUBLIC_KEY is set); the CLI mints only with a shared secret',
    );
  }
  return auth.secret ? new TextEncoder().encode(auth.secret) : generatedSecret(auth.secretFile);
}

export interface TokenRequest {
  subject: string;
  role: string;
  scope?: string | null;
  /** jose duration: `30d`, `12h`, `90m`, `1w`… (default 30d). */
  expires?: string;
}

/** A normalised principal from what a token claims, or a TokenError naming the bad claim. */
export function principalFromClaims(claims: { sub?: unknown; role?: unknown; scope?: unknown }): Principal {
  const subject = typeof claims.sub === 'string' ? claims.sub.trim() : '';
  if (!subject) throw new TokenError('令牌缺少 sub（操作人）· the token has no "sub" (who is acting)');
  const role = typeof claims.role === 'string' ? claims.role.trim().toUpperCase() : claims.role;
  if (!isRole(role)) {
    throw new TokenError(
      `令牌的 role ${JSON.stringify(claims.role ?? null)} 不是 ${ACCESS_ROLES.join('/')} 之一 · the token's "role" must be one of ${ACCESS_ROLES.join(', ')}`,
    );
  }
  const raw = claims.scope === undefined || claims.scope === null || claims.scope === '' ? null : String(claims.scope);
  const scope = raw === null ? null : ['000000', '000000000000'].includes(raw.trim()) ? NATION : canonicalCode(raw);
  if (raw !== null && scope === null) {
    throw new TokenError(`令牌的 scope "${raw}" 不是行政区划代码 · the token's "scope" "${raw}" is not a jurisdiction code`);
  }
  if (scope === null && role !== 'ADMIN') {
    throw new TokenError(`角色 ${role} 的令牌须有 scope（行政区划代码）· a ${role} token needs a "scope" (jurisdiction code)`);
  }
  return { subject, role: role as AccessRole, scope };
}

export async function mintToken(auth: AuthConfig, req: TokenRequest): Promise<string> {
  const p = principalFromClaims({ sub: req.subject, role: req.role, scope: req.scope });
  const expires = req.expires ?? '30d';
  if (!/^\d+\s*(s|sec|secs|m|min|mins|h|hr|hrs|d|day|days|w|week|weeks|y|year|years)$/.test(expires.trim())) {
    throw new TokenError(
      `有效期 "${expires}" 格式不对（如 30d、12h、90m）· --expires "${expires}" is not a duration such as 30d, 12h, 90m`,
    );
  }
  let jwt = new SignJWT({ role: p.role, ...(p.scope ? { scope: p.scope } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(p.subject!)
    .setIssuedAt()
    .setExpirationTime(expires.trim());
  if (auth.issuer) jwt = jwt.setIssuer(auth.issuer);
  if (auth.audience) jwt = jwt.setAudience(auth.audience);
  return jwt.sign(signingKey(auth));
}

/** Builds the verifier for the configured key source (reads or creates the generated secret). */
export function createVerifier(auth: AuthConfig): TokenVerifier {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (auth.jwksUrl) {
    // jose keeps the last good set for cacheMaxAge and asks again only when it is stale or a kid is unknown
    // (at most once per cooldown); each fetch is aborted after the configured timeout.
    key = createRemoteJWKSet(new URL(auth.jwksUrl), {
      timeoutDuration: auth.jwksTimeoutMs,
      cooldownDuration: Math.min(30_000, auth.jwksCacheMs),
      cacheMaxAge: auth.jwksCacheMs,
    });
    algorithms = auth.algorithms ?? ['RS256', 'ES256'];
  } else if (auth.publicKey) {
    const pem = auth.publicKey;
    algorithms = auth.algorithms ?? [algorithmOf(pem)];
    const keys = new Map<string, ReturnType<typeof importSPKI>>();
    key = async (header) => {
      const alg = header.alg;
      if (!keys.has(alg)) keys.set(alg, pem.includes('BEGIN CERTIFICATE') ? importX509(pem, alg) : importSPKI(pem, alg));
      return keys.get(alg)!;
    };
  } else {
    key = signingKey(auth);
    algorithms = auth.algorithms ?? ['HS256'];
  }
  const options = {
    algorithms,
    issuer: auth.issuer ?? undefined,
    audience: auth.audience ?? undefined,
    requiredClaims: ['sub', 'exp'],
    clockTolerance: 30,
  };
  const remote = auth.jwksUrl !== null;
  return async (token) => {
    let payload: JWTPayload;
    try {
      const verifying = typeof key === 'function' ? jwtVerify(token, key, options) : jwtVerify(token, key, options);
      // jose aborts the fetch at the timeout; the bound here also covers a provider that drips its answer.
      payload = (remote ? await bounded(verifying, auth.jwksTimeoutMs + 250) : await verifying).payload;
    } catch (e) {
      if (remote && providerFailed(e)) throw new KeysUnavailableError(KEYS_UNAVAILABLE);
      throw new TokenError(explain(e));
    }
    return principalFromClaims(payload as { sub?: unknown; role?: unknown; scope?: unknown });
  };
}

/** The algorithm a PEM key signs with, by its type (configurable with SHUDI_JWT_ALG). */
function algorithmOf(pem: string): string {
  const k = createPublicKey(pem);
  switch (k.asymmetricKeyType) {
    case 'rsa':
      return 'RS256';
    case 'rsa-pss':
      return 'PS256';
    case 'ec':
      return { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }[k.asymmetricKeyDetails?.namedCurve ?? ''] ?? 'ES256';
    case 'ed25519':
      return 'EdDSA';
    default:
      throw new Error(`SHUDI_JWT_PUBLIC_KEY: unsupported key type ${k.asymmetricKeyType}; set SHUDI_JWT_ALG`);
  }
}

const TIMED_OUT = Symbol('timed out');

async function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The key set could not be fetched: a timeout, a network error, a non-200 answer, or a body that is no key set. */
function providerFailed(e: unknown): boolean {
  if (e === TIMED_OUT || e instanceof joseErrors.JWKSTimeout || e instanceof joseErrors.JWKSInvalid) return true;
  if (!(e instanceof joseErrors.JOSEError)) return true; // fetch's own TypeError (refused, reset, DNS)
  return e.constructor === joseErrors.JOSEError; // the fetch's "Expected 200 OK" / "Failed to parse" errors
}

function explain(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return '令牌已过期，请重新获取 · the token has expired; get a new one';
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    return `令牌的 ${e.claim} 声明不符（${e.reason}）· the token's "${e.claim}" claim is not accepted (${e.reason})`;
  }
  if (!(e instanceof joseErrors.JOSEError)) return KEYS_UNAVAILABLE;
  if (e instanceof joseErrors.JWKSNoMatchingKey) return '令牌的签名密钥未知 · the token is signed with an unknown key';
  return `令牌无效（${e.code}）· the token is invalid (${e.message})`;
}
