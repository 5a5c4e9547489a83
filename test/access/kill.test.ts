import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { importDocument } from '../../src/modules/exchange/import.service';
import { finished, spawnCli } from '../helpers/cli';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { fingerprint } from '../helpers/fingerprint';
import { waitFor } from '../helpers/wait';

/**
 * Atomicity under a crash: the CLI is SIGKILLed in the middle of a large import, while its transaction
 * is writing rows, and the database holds none of them afterwards (PostgreSQL rolls the transaction back
 * when the connection dies).
 */

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await openTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shudi-kill-'));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

/** 招远市 (370685) and its 14 townships: 30 departments, 300 items in one list, 4,500 assignments. */
async function largeDocument(): Promise<Record<string, unknown>> {
  const townships = (
    await t.db.query<{ code: string }>(`select code from jurisdiction where parent_code = '370685' order by code`)
  ).map((r) => r.code);
  expect(townships).toHaveLength(14);
  const n = (i: number, w = 3) => String(i).padStart(w, '0');
  const departments = Array.from({ length: 30 }, (_, d) => ({
    code: `KILL-D${n(d)}`,
    name: `招远市第${d + 1}局`,
    jurisdiction: '370685',
    kind: 'DEPARTMENT',
  }));
  const items = Array.from({ length: 300 }, (_, i) => ({
    code: `KILL-I${n(i)}`,
    name: `事项${i + 1}`,
    domain: `领域${i % 15}`,
    category: 'TERRITORIAL',
  }));
  const assignments = items.flatMap((it, i) => [
    { item: it.code, scope: '370685', body: departments[i % 30].code, role: 'PRIMARY', duty: '行业监管', catalogue: 'KILL-CAT' },
    ...townships.map((tw) => ({
      item: it.code,
      scope: tw,
      relative: 'TOWNSHIP_GOVERNMENT',
      role: 'SUPPORTING',
      duty: '日常巡查，发现问题及时报告',
      catalogue: 'KILL-CAT',
    })),
  ]);
  return {
    format: 'shudi-catalogue/1',
    bodies: departments,
    items,
    catalogues: [
      {
        code: 'KILL-CAT',
        name: '招远市大清单',
        owner: '370685',
        kind: 'LOCAL',
        validFrom: '2024-01-01',
        entries: items.map((i) => ({ item: i.code })),
      },
    ],
    assignments,
  };
}

/** Rows of the document, table by table. */
const documentRows = () =>
  t.db.query<{ t: string; n: number }>(`
    select 'body' as t, count(*)::int as n from body where code like 'KILL-%'
    union all select 'item', count(*)::int from item where code like 'KILL-%'
    union all select 'catalogue', count(*)::int from catalogue where code like 'KILL-%'
    union all select 'entry', count(*)::int from catalogue_entry where catalogue_code like 'KILL-%'
    union all select 'assignment', count(*)::int from assignment where item_code like 'KILL-%'
    union all select 'change', count(*)::int from change where key like 'KILL-%'`);

/** The statements writing assignments or change records (set-based: COPY into staging, then one statement per table). */
const WRITING = String.raw`^\s*(insert into (assignment|change) |with feed as \(\s*insert into change [\s\S]*select 'assignment'|copy shudi_stage_assignment )`;

test('a SIGKILLed import leaves no partial rows and the database unchanged', async () => {
  const doc = await largeDocument();
  const file = path.join(dir, 'large.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  // the document is good: a dry run would create all of it
  const dry = await importDocument(t.db, doc, { dryRun: true });
  expect(dry.problems).toEqual([]);
  expect(dry.created).toBe(30 + 300 + 1 + 300 + 4500);
  const before = await fingerprint(t.db);

  const watcher = new Client({ connectionString: t.url });
  await watcher.connect();
  const child = spawnCli(['import', file], { DATABASE_URL: t.url, SHUDI_DATA_DIR: dir, SHUDI_DEMO: 'false' });
  const outcome = finished(child);
  let exited = false;
  void outcome.then(() => (exited = true));
  let writer: { pid: number; query: string } | null = null;
  try {
    // the backend holding the writers' lock (7413, 1) and staging (COPY) or inserting the assignments or the change
    // records: bodies, items, the catalogue and its entries are already written in its transaction by then
    while (!writer && !exited) {
      const { rows } = await watcher.query<{ pid: number; query: string }>(
        `select a.pid, a.query from pg_stat_activity a
           join pg_locks l on l.pid = a.pid and l.locktype = 'advisory' and l.classid = 7413 and l.objid = 1 and l.granted
          where a.datname = current_database() and a.state = 'active' and a.query ~ $1
            and a.backend_xid is not null -- it has written already`,
        [WRITING],
      );
      writer = rows[0] ?? null;
    }
    expect(writer).not.toBeNull(); // (the CLI finished before it was seen writing: make the document larger)
    child.kill('SIGKILL');
    const result = await outcome;
    expect(result.signal).toBe('SIGKILL');
    expect(writer!.query).toMatch(new RegExp(WRITING));
    // PostgreSQL notices the dead client and rolls back: wait for its backend to go
    await waitFor(
      "the dead writer's backend to go",
      async () => {
        const { rows } = await watcher.query(`select 1 from pg_stat_activity where pid = $1`, [writer!.pid]);
        return rows.length === 0;
      },
      { timeoutMs: 10000 },
    );
  } finally {
    if (!exited) child.kill('SIGKILL');
    await watcher.end();
  }

  expect(await documentRows()).toEqual(
    ['body', 'item', 'catalogue', 'entry', 'assignment', 'change'].map((x) => ({ t: x, n: 0 })),
  );
  expect(await fingerprint(t.db)).toEqual(before);
}, 60_000);
