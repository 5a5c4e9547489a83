import type { AuthConfig } from '../../src/auth.config';
import { mintToken, type TokenRequest } from '../../src/modules/access/token.service';

/** Tokens verified with one HS256 secret and nothing else (no JWKS, key, issuer or audience); `over` for the rest. */
export function hs256Auth(secret: string, over: Partial<AuthConfig> = {}): AuthConfig {
  return {
    secret,
    jwksUrl: null,
    jwksTimeoutMs: 3000,
    jwksCacheMs: 600_000,
    publicKey: null,
    algorithms: null,
    issuer: null,
    audience: null,
    secretFile: '/nonexistent/jwt-secret',
    publicRead: true,
    ...over,
  };
}

/** Tokens for the test server: an HS256 secret known only to the tests. */
export const TEST_AUTH: AuthConfig = hs256Auth('shudi-test-secret-0123456789abcdef0123456789');

/** `Bearer <token>` of a principal, signed for `auth` (the test server's by default). */
export async function bearer(
  who: Omit<TokenRequest, 'expires'>,
  opts: { expires?: string; auth?: AuthConfig } = {},
): Promise<string> {
  const token = await mintToken(opts.auth ?? TEST_AUTH, { ...who, expires: opts.expires ?? '1h' });
  return `Bearer ${token}`;
}
