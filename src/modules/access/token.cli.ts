import type { AuthConfig } from '../../auth.config';
import { ACCESS_ROLES } from './access.rules';
import { mintToken, principalFromClaims } from './token.service';
import { buildTree } from '../jurisdiction/tree.loader';
import { NATION } from '../jurisdiction/jurisdiction.code';

export const TOKEN_USAGE =
  'token --role VIEWER|EDITOR|REVIEWER|ADMIN [--scope CODE] --sub NAME [--expires 30d]  mint a bearer token 签发令牌';

/**
 * `npm run cli -- token --role EDITOR --scope 370685 --sub "招远市委编办" [--expires 30d]`: what it mints on
 * stderr, the token alone on the last line of stdout (scripts take `| tail -n1`).
 */
export async function tokenCommand(args: string[], auth: AuthConfig): Promise<number> {
  const opt = (name: string): string | null => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : null;
  };
  const role = opt('role');
  const sub = opt('sub');
  if (!role || !sub)
    throw new Error(`token: --role (${ACCESS_ROLES.join('/')}) and --sub are required 必须给出角色与操作人\n  ${TOKEN_USAGE}`);
  const principal = principalFromClaims({ sub, role, scope: opt('scope') });
  let place = '';
  if (principal.scope && principal.scope !== NATION) {
    const found = buildTree().find((j) => j.code === principal.scope);
    if (!found)
      throw new Error(`token: 行政区划 ${principal.scope} 不存在 · no jurisdiction ${principal.scope} in the national tree`);
    place = ` ${found.name}`;
  }
  const expires = opt('expires') ?? '30d';
  const token = await mintToken(auth, { subject: sub, role, scope: principal.scope, expires });
  process.stderr.write(
    `token for 签发给 "${principal.subject}": ${principal.role}, scope ${principal.scope ?? '(all 全部)'}${place}, expires in ${expires}\n`,
  );
  process.stdout.write(`${token}\n`);
  return 0;
}
