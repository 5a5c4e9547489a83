import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { AuthConfig } from '../../src/auth.config';
import { createAccess } from '../../src/modules/access/access.service';
import { createVerifier, mintToken, principalFromClaims } from '../../src/modules/access/token.service';
import { hs256Auth } from '../helpers/auth';
import { runCli } from '../helpers/cli';
import type { TestDatabase } from '../helpers/db';
import { FIXTURE } from './fixture';
import { openSeeded } from '../helpers/setup';

/**
 * Tokens: claims and their normalisation, the generated secret of an unconfigured install, HS256 /
 * JWKS (RS256) / PEM (ES256) verification, issuer and audience, every bad token answered 401
 * UNAUTHENTICATED (never 5xx), SHUDI_PUBLIC_READ, configuration problems, and the `token` CLI.
 */

let t: TestDatabase;
let dir: string;
const SECRET = 'an-hs256-secret-of-at-least-32-bytes!';
const auth = (over: Partial<AuthConfig> = {}): AuthConfig =>
  hs256Auth(SECRET, { secretFile: path.join(dir, 'jwt-secret'), ...over });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shudi-token-'));
  t = await openSeeded(FIXTURE);
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

describe('claims', () => {
  it('normalises the scope with the jurisdiction code aliases, and the role', () => {
    expect(principalFromClaims({ sub: '烟台市委编办', role: 'editor', scope: '3706' })).toEqual({
      subject: '烟台市委编办',
      role: 'EDITOR',
      scope: '370600',
    });
    expect(principalFromClaims({ sub: 's', role: 'VIEWER', scope: '370685004000' }).scope).toBe('370685004');
    expect(principalFromClaims({ sub: 's', role: 'REVIEWER', scope: 370685 }).scope).toBe('370685');
    expect(principalFromClaims({ sub: 's', role: 'ADMIN' })).toEqual({ subject: 's', role: 'ADMIN', scope: null });
  });

  it.each([
    [{ role: 'EDITOR', scope: '370685' }, 'sub'],
    [{ sub: 's', role: 'OWNER', scope: '370685' }, 'role'],
    [{ sub: 's', role: 'EDITOR' }, 'scope'],
    [{ sub: 's', role: 'EDITOR', scope: '37068' }, '37068'],
  ])('refuses %j (names %s)', (claims, named) => {
    expect(() => principalFromClaims(claims)).toThrow(named);
  });
});

describe('the generated secret (no configuration)', () => {
  it('is created once with mode 0600 and reused: a token minted before a restart still verifies', async () => {
    const cfg = auth({ secret: null, secretFile: path.join(dir, 'gen', 'jwt-secret') });
    const token = await mintToken(cfg, { subject: '招远市委编办', role: 'REVIEWER', scope: '370685' });
    const file = fs.statSync(cfg.secretFile);
    expect(file.mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(cfg.secretFile, 'utf8');
    const verify = createVerifier(cfg); // "after a restart": reads the same file
    expect(await verify(token)).toEqual({ subject: '招远市委编办', role: 'REVIEWER', scope: '370685' });
    expect(fs.readFileSync(cfg.secretFile, 'utf8')).toBe(text);
  });

  it('refuses an expiry that is not a duration', async () => {
    await expect(mintToken(auth(), { subject: 's', role: 'ADMIN', expires: 'soon' })).rejects.toThrow('"soon"');
  });
});

describe('configuration', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('reads the JWT variables and SHUDI_PUBLIC_READ', () => {
    const c = loadConfig({ SHUDI_JWT_SECRET: SECRET, SHUDI_JWT_ISSUER: 'https://id.sd.gov.cn', SHUDI_PUBLIC_READ: 'off' });
    expect(c.auth).toMatchObject({ secret: SECRET, issuer: 'https://id.sd.gov.cn', publicRead: false, audience: null });
    expect(loadConfig({}).auth).toMatchObject({
      secret: null,
      publicRead: true,
      secretFile: expect.stringMatching(/jwt-secret$/),
    });
  });

  it('lists every problem at once', () => {
    const message = problems({
      SHUDI_JWT_SECRET: 'short',
      SHUDI_JWT_JWKS_URL: 'ftp://keys',
      SHUDI_JWT_ALG: 'none',
      SHUDI_PUBLIC_READ: 'perhaps',
    });
    for (const part of ['only one of', 'shorter than 32', 'not an http(s) URL', '"none"', 'SHUDI_PUBLIC_READ'])
      expect(message).toContain(part);
    expect(problems({ SHUDI_JWT_PUBLIC_KEY: path.join(dir, 'missing.pem') })).toContain('neither a PEM text nor a readable file');
    expect(problems({ SHUDI_JWT_SECRET: SECRET, SHUDI_JWT_ALG: 'RS256' })).toContain('does not fit');
  });
});

/** A server with the given authentication, and a POST helper returning status, headers and body. */
async function serve(cfg: AuthConfig) {
  const app: App = await createApp({ db: t.db, config: { production: true, introspection: false }, access: createAccess(cfg) });
  const port = await app.listen(0, '127.0.0.1');
  const post = async (query: string, token?: string, header?: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(header ? { authorization: header } : token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
    });
    return {
      status: res.status,
      challenge: res.headers.get('www-authenticate'),
      headers: Object.fromEntries(res.headers),
      body: (await res.json()) as any,
    };
  };
  return { post, stop: () => app.stop() };
}

const READ = '{ body(code: "IN-DEPT") { code } }';
const WRITE = 'mutation { updateBody(code: "IN-DEPT", input: { name: "经令牌修改" }, reason: "令牌测试") { name } }';
const sign = (
  claims: Record<string, unknown>,
  opts: { secret?: string; exp?: string | number; iss?: string; aud?: string } = {},
) => {
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '1h');
  if (claims.sub === undefined) jwt = jwt.setSubject('招远市清单编辑');
  if (opts.iss) jwt = jwt.setIssuer(opts.iss);
  if (opts.aud) jwt = jwt.setAudience(opts.aud);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? SECRET));
};

describe('over HTTP', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve(auth({ issuer: 'https://id.sd.gov.cn', audience: 'shudi' }));
  });
  afterAll(() => server.stop());
  const good = (claims: Record<string, unknown> = { role: 'EDITOR', scope: '370685' }) =>
    sign(claims, { iss: 'https://id.sd.gov.cn', aud: 'shudi' });

  it('reads without a token (SHUDI_PUBLIC_READ on), refuses writing without one', async () => {
    expect((await server.post(READ)).body).toEqual({ data: { body: { code: 'IN-DEPT' } } });
    const w = await server.post(WRITE);
    expect(w.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(w.body.errors[0].message).toMatch(/令牌.*·.*bearer token/);
  });

  it('writes with a valid token, recording its subject as the actor', async () => {
    const r = await server.post(WRITE, await good());
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ data: { updateBody: { name: '经令牌修改' } } });
    const [c] = await t.db.query<{ actor: string; reason: string }>('select actor, reason from change order by id desc limit 1');
    expect(c).toEqual({ actor: '招远市清单编辑', reason: '令牌测试' });
  });

  it('enforces the role and scope the token claims', async () => {
    const viewer = await server.post(WRITE, await good({ role: 'VIEWER', scope: '370685' }));
    expect(viewer.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const neighbour = await server.post(WRITE, await good({ role: 'EDITOR', scope: '370683' }));
    expect(neighbour.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(neighbour.body.errors[0].message).toContain('370683');
  });

  it.each([
    [
      'a wrong signature',
      () =>
        sign(
          { role: 'EDITOR', scope: '370685' },
          { secret: 'another-secret-of-at-least-32-bytes!!', iss: 'https://id.sd.gov.cn', aud: 'shudi' },
        ),
      /invalid/,
    ],
    [
      'an expired token',
      () =>
        sign(
          { role: 'EDITOR', scope: '370685' },
          { exp: Math.floor(Date.now() / 1000) - 3600, iss: 'https://id.sd.gov.cn', aud: 'shudi' },
        ),
      /已过期.*expired/,
    ],
    ['another issuer', () => sign({ role: 'EDITOR', scope: '370685' }, { iss: 'https://evil.example', aud: 'shudi' }), /"iss"/],
    ['another audience', () => sign({ role: 'EDITOR', scope: '370685' }, { iss: 'https://id.sd.gov.cn', aud: 'other' }), /"aud"/],
    ['no scope for an EDITOR', () => sign({ role: 'EDITOR' }, { iss: 'https://id.sd.gov.cn', aud: 'shudi' }), /scope/],
    ['not a JWT', async () => 'not-a-jwt', /invalid/],
  ])('answers %s with 401 UNAUTHENTICATED, for reads too', async (_what, token, message) => {
    for (const q of [READ, WRITE]) {
      const r = await server.post(q, await token());
      expect(r.status).toBe(401);
      expect(r.challenge).toMatch(/^Bearer/);
      expect(r.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
      expect(r.body.errors[0].message).toMatch(message);
      expect(r.body.errors[0].message).toMatch(/[\u4e00-\u9fff].*·/);
    }
  });

  it('answers a malformed Authorization header with 401', async () => {
    const r = await server.post(READ, undefined, 'Basic dXNlcjpwYXNz');
    expect(r.status).toBe(401);
    expect(r.body.errors[0].message).toContain('Bearer');
  });
});

describe('SHUDI_PUBLIC_READ off', () => {
  it('refuses reading without a token with 401, answers with one', async () => {
    const server = await serve(auth({ publicRead: false }));
    try {
      const anonymous = await server.post(READ);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const viewer = await server.post(READ, await sign({ role: 'VIEWER', scope: '370685' }));
      expect(viewer.body).toEqual({ data: { body: { code: 'IN-DEPT' } } });
    } finally {
      await server.stop();
    }
  });
});

describe("a provincial identity provider's keys", () => {
  it('verifies RS256 tokens against a JWKS URL; an unknown key is 401', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'sd-2025', alg: 'RS256', use: 'sig' };
    const idp = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(idp.address() as { port: number }).port}/jwks.json`;
    const server = await serve(auth({ secret: null, jwksUrl: url }));
    const rs = (kid: string) =>
      new SignJWT({ role: 'REVIEWER', scope: '370685' })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setSubject('招远市委编办')
        .setExpirationTime('1h')
        .sign(privateKey);
    try {
      expect((await server.post(WRITE, await rs('sd-2025'))).body.data).toEqual({ updateBody: { name: '经令牌修改' } });
      const unknown = await server.post(READ, await rs('sd-1999'));
      expect(unknown.status).toBe(401);
      expect(unknown.body.errors[0].message).toMatch(/unknown key/);
      const hs = await server.post(READ, await sign({ role: 'ADMIN' })); // HS256 is not accepted from a JWKS setup
      expect(hs.status).toBe(401);
    } finally {
      await server.stop();
      await new Promise((r) => idp.close(r));
    }
  });

  it('an unreachable or slow provider is 503 SERVICE_UNAVAILABLE with Retry-After, within the timeout; the last good keys serve for their cache lifetime', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'sd-2026', alg: 'RS256', use: 'sig' };
    let mode: 'up' | 'slow' = 'up';
    let fetches = 0;
    const stalled: http.ServerResponse[] = [];
    const idp = http.createServer((_req, res) => {
      fetches += 1;
      if (mode === 'slow')
        stalled.push(res); // answers never: the request must not wait for it
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(idp.address() as { port: number }).port}/jwks.json`;
    const rs = () =>
      new SignJWT({ role: 'REVIEWER', scope: '370685' })
        .setProtectedHeader({ alg: 'RS256', kid: 'sd-2026' })
        .setSubject('招远市委编办')
        .setExpirationTime('1h')
        .sign(privateKey);
    const unavailable = (r: { status: number; headers: Record<string, string>; body: any }) => {
      expect(r.status).toBe(503);
      expect(r.headers['retry-after']).toBe('5');
      expect(r.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(r.body.errors[0].message).toMatch(/identity provider/);
    };
    const slow = await serve(auth({ secret: null, jwksUrl: url, jwksTimeoutMs: 300 }));
    const cached = await serve(auth({ secret: null, jwksUrl: url, jwksTimeoutMs: 300 }));
    const shortCache = await serve(auth({ secret: null, jwksUrl: url, jwksTimeoutMs: 300, jwksCacheMs: 200 }));
    try {
      expect((await cached.post(READ, await rs())).status).toBe(200); // fetched while the provider is up
      expect((await shortCache.post(READ, await rs())).status).toBe(200);
      mode = 'slow';
      const before = fetches;
      unavailable(await slow.post(READ, await rs())); // the provider accepts but never answers: bounded by the timeout
      expect(fetches).toBe(before + 1);
      expect((await cached.post(READ, await rs())).status).toBe(200); // the last good keys, no new fetch
      expect(fetches).toBe(before + 1);
      await new Promise((r) => setTimeout(r, 250)); // shortCache's keys are now older than their lifetime
      unavailable(await shortCache.post(READ, await rs()));
      for (const res of stalled.splice(0)) res.destroy();
      idp.closeAllConnections();
      await new Promise((r) => idp.close(r)); // stopped: connections are refused
      unavailable(await slow.post(READ, await rs()));
      expect((await cached.post(READ, await rs())).status).toBe(200); // still within its cache lifetime
      const anon = await slow.post(READ); // without a token nothing waits on the provider
      expect(anon.status).toBe(200);
    } finally {
      for (const res of stalled) res.destroy();
      if (idp.listening) await new Promise((r) => idp.close(r));
      await Promise.all([slow.stop(), cached.stop(), shortCache.stop()]);
    }
  });

  it('verifies ES256 tokens against a PEM public key (file), the algorithm read from the key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const pemFile = path.join(dir, 'idp.pem');
    fs.writeFileSync(pemFile, await exportSPKI(publicKey));
    const cfg = loadConfig({ SHUDI_JWT_PUBLIC_KEY: pemFile }).auth;
    const verify = createVerifier(cfg);
    const token = await new SignJWT({ role: 'VIEWER', scope: '37' })
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('省平台')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await verify(token)).toEqual({ subject: '省平台', role: 'VIEWER', scope: '370000' });
    await expect(verify(await sign({ role: 'ADMIN' }))).rejects.toThrow(/invalid/);
    await expect(mintToken(cfg, { subject: 'x', role: 'ADMIN' })).rejects.toThrow(/identity provider/);
  });
});

describe('npm run cli -- token', () => {
  it('mints tokens whose last stdout line verifies; ADMIN needs no scope; EDITOR without one is an error', async () => {
    const env = { SHUDI_DATA_DIR: path.join(dir, 'cli') };
    const [editor, admin, noScope] = await Promise.all([
      runCli(['token', '--role', 'EDITOR', '--scope', '370685', '--sub', '招远市委编办'], env),
      runCli(['token', '--role', 'ADMIN', '--sub', '省编办', '--expires', '2h'], env),
      runCli(['token', '--role', 'EDITOR', '--sub', '招远市委编办'], env),
    ]);
    const verify = createVerifier(loadConfig(env).auth); // the secret the CLI generated in that data dir
    const last = (out: string) => out.trimEnd().split('\n').pop()!;

    expect(editor.code).toBe(0);
    expect(editor.stderr).toContain('370685 招远市');
    expect(await verify(last(editor.stdout))).toEqual({ subject: '招远市委编办', role: 'EDITOR', scope: '370685' });
    const claims = JSON.parse(Buffer.from(last(editor.stdout).split('.')[1], 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(30 * 86400); // default 30d

    expect(admin.code).toBe(0);
    expect(await verify(last(admin.stdout))).toEqual({ subject: '省编办', role: 'ADMIN', scope: null });
    const adminClaims = JSON.parse(Buffer.from(last(admin.stdout).split('.')[1], 'base64url').toString());
    expect(adminClaims.exp - adminClaims.iat).toBe(7200);

    expect(noScope.code).toBe(1);
    expect(noScope.stdout).toBe('');
    expect(noScope.stderr).toMatch(/scope/);
    expect(fs.statSync(path.join(dir, 'cli', 'jwt-secret')).mode & 0o777).toBe(0o600);
  }, 60_000);
});
