/**
 * `node --max-old-space-size=N dist/test/bench/memory.js FILE.json [--data-dir DIR] [--dry-run]`: the peak V8
 * heap of importing one interchange document in process, as the server would for `importCatalogue` (how the
 * heap cap of `npm start` and the import body limit were chosen: docs/decisions.md). Uses its own embedded
 * database (default .data/bench-db-memory; the tree is loaded on first use).
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/config';
import { openDatabase } from '../../src/db/bootstrap';
import { importDocument } from '../../src/modules/exchange/import.service';
import { loadTree } from '../../src/modules/jurisdiction/tree.loader';
import { opt } from './common';

async function main() {
  const file = process.argv[2];
  if (!file || file.startsWith('--')) throw new Error('give a shudi-catalogue/1 file');
  const dataDir = opt('data-dir', path.join(projectRoot(), '.data', 'bench-db-memory'));
  const database = await openDatabase({ databaseUrl: null, dataDir });
  try {
    await loadTree(database.db);
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
    const t = Date.now();
    const text = fs.readFileSync(file, 'utf8');
    const report = await importDocument(database.db, JSON.parse(text), { dryRun: process.argv.includes('--dry-run') });
    clearInterval(sample);
    process.stdout.write(
      `${path.basename(file)} (${(text.length / 1e6).toFixed(1)} MB): ${report.created} created, ${report.updated} updated, ` +
        `${report.problems.length} problems in ${Date.now() - t} ms; peak heap ${(peak / 1e6).toFixed(0)} MB, ` +
        `rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
