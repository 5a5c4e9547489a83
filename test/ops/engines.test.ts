import * as fs from 'node:fs';
import * as path from 'node:path';
import semver from 'semver';

/**
 * `npm ci` on the oldest Node the README names must print no EBADENGINE: every package the lockfile installs
 * accepts that Node version (npm overrides pin what would not, see package.json "overrides").
 */

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[] }>;
};

describe('engines', () => {
  it('every package in package-lock.json accepts the minimum Node of package.json', () => {
    const minimum = semver.minVersion(pkg.engines.node)!.version;
    expect(minimum).toBe('20.19.0');
    const refusing = Object.entries(lock.packages).flatMap(([where, p]) => {
      const range = !Array.isArray(p.engines) ? p.engines?.node : undefined;
      if (!where || !range || semver.satisfies(minimum, range)) return [];
      return [`${where.replace(/^.*node_modules\//, '')}@${p.version} wants node ${range}`];
    });
    expect(refusing).toEqual([]);
  });
});
