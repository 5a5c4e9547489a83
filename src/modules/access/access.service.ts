import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { AuthConfig } from '../../auth.config';
import { ANONYMOUS, type Principal } from './access.rules';
import { createVerifier, KeysUnavailableError, TokenError, type TokenVerifier } from './token.service';

/** What the HTTP layer needs: the request's principal, from its Authorization header. */
export interface Access {
  publicRead: boolean;
  /** Where keys come from, for the start-up log (never the key itself). */
  source: string;
  /** ANONYMOUS without a token (when public reading is on); a 401 UNAUTHENTICATED GraphQL error for a bad one. */
  authenticate(authorization: string | undefined): Promise<Principal>;
}

/** The request is refused before anything runs: HTTP 401 with a Bearer challenge, code UNAUTHENTICATED. */
export function unauthenticatedRequest(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer realm="shudi"']]) },
    },
  });
}

/** The identity provider is away: HTTP 503 with Retry-After, code SERVICE_UNAVAILABLE (the caller may retry). */
export function keysUnavailableRequest(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      http: { status: 503, headers: new HeaderMap([['retry-after', '5']]) },
    },
  });
}

export function createAccess(auth: AuthConfig): Access {
  const verify = createVerifier(auth);
  const source = auth.jwksUrl
    ? `JWKS ${auth.jwksUrl}`
    : auth.publicKey
      ? 'public key (SHUDI_JWT_PUBLIC_KEY)'
      : auth.secret
        ? 'shared secret (SHUDI_JWT_SECRET)'
        : `generated secret (${auth.secretFile})`;
  return { publicRead: auth.publicRead, source, authenticate: authenticator(verify, auth.publicRead) };
}

/** Without configuration (tests, tools): public reading, and every token refused for want of a key. */
export function noAccess(): Access {
  return {
    publicRead: true,
    source: 'none',
    authenticate: authenticator(async () => {
      throw new TokenError('未配置令牌验证 · token verification is not configured');
    }, true),
  };
}

function authenticator(verify: TokenVerifier, publicRead: boolean): Access['authenticate'] {
  return async (authorization) => {
    if (authorization === undefined || authorization.trim() === '') {
      if (publicRead) return ANONYMOUS;
      throw unauthenticatedRequest(
        '需要登录令牌（Authorization: Bearer …）· a bearer token is required (Authorization: Bearer …)',
      );
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m) {
      throw unauthenticatedRequest('Authorization 头应为 "Bearer <令牌>" · the Authorization header must be "Bearer <token>"');
    }
    try {
      return await verify(m[1]);
    } catch (e) {
      if (e instanceof TokenError) throw unauthenticatedRequest(e.message);
      if (e instanceof KeysUnavailableError) throw keysUnavailableRequest(e.message);
      throw e;
    }
  };
}
