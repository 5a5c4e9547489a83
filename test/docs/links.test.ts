import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * README.md and docs/ are what a user of the project has: nothing in them may point outside the repository
 * (no `../` path, no internal spec folder), and every relative link must name a file that exists in it.
 */

const ROOT = path.resolve(__dirname, '../..');

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return markdownFiles(p);
    return e.name.endsWith('.md') ? [p] : [];
  });
}

const FILES = [path.join(ROOT, 'README.md'), ...markdownFiles(path.join(ROOT, 'docs'))];

describe('README.md and docs/ stay inside the repository', () => {
  it.each(FILES.map((f) => [path.relative(ROOT, f), f]))('%s names no path outside it', (_name, file) => {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const outside = lines.flatMap((line, i) =>
      /(^|[^.\w])\.\.\/|(^|[\s`(])shared\/(spec|guides|samples)\b/.test(line) ? [`line ${i + 1}: ${line.trim()}`] : [],
    );
    expect(outside).toEqual([]);
  });

  // docs/licenses.md is generated (npm run licenses): its links are the packages' own repositories
  const WRITTEN = FILES.filter((f) => path.relative(ROOT, f) !== path.join('docs', 'licenses.md'));
  it.each(WRITTEN.map((f) => [path.relative(ROOT, f), f]))(
    '%s links only to files that exist in the repository',
    (_name, file) => {
      const text = fs.readFileSync(file, 'utf8');
      const broken: string[] = [];
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1].split('#')[0];
        if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // an anchor, or a URL
        const resolved = path.resolve(path.dirname(file), decodeURI(target));
        if (!resolved.startsWith(ROOT + path.sep) || !fs.existsSync(resolved)) broken.push(m[1]);
      }
      expect(broken).toEqual([]);
    },
  );
});
