import fc from 'fast-check';
import { openDatabase, type Database } from '../../src/db/bootstrap';
import { buildShudiSchema } from '../../src/schema';
import { importDocument } from '../../src/modules/exchange/import.service';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import {
  importCaseArb,
  queryCaseArb,
  rootFieldNames,
  sweepCases,
  variablesArb,
  type ImportCase,
  type QueryCase,
  type VariablesCase,
} from '../helpers/fuzz';
import { DEMO } from '../helpers/graphql';
import { startServer, type HttpAnswer, type TestServer } from '../helpers/http';

/**
 * Fuzz over HTTP (fast-check, fixed seed): thousands of malformed interchange documents, variables of every
 * root field (well-typed garbage, wrong types, missing and extra ones) and malformed queries and envelopes.
 * Every answer must be free of 5xx and of INTERNAL_SERVER_ERROR, and every request that was refused (errors,
 * import problems, dry runs, queries) must leave the database as it was.
 *
 * SHUDI_FUZZ_SEED picks another seed, SHUDI_FUZZ_SCALE multiplies the number of cases.
 */

const SEED = Number(process.env.SHUDI_FUZZ_SEED ?? 5150);
const SCALE = Number(process.env.SHUDI_FUZZ_SCALE ?? 1);
const RUNS = { imports: Math.round(350 * SCALE), variables: Math.round(950 * SCALE), queries: Math.round(1300 * SCALE) };
/** Full checksums (every table's rows and versions) are compared once per this many groups of cases. */
const BATCH = 50;
// thousands of requests per test: a slow CI machine must not turn a sweep into a timeout (and a timed-out test
// keeps sending while the next one runs)
jest.setTimeout(Number(process.env.SHUDI_FUZZ_TIMEOUT ?? 180000));

let t: TestDatabase;
let served: Database;
let s: TestServer;
beforeAll(async () => {
  t = await openTestDatabase();
  await importDocument(t.db, DEMO);
  // Only 招远's governments are kept: every import looks up bodies, and 44,700 of them (one per place) make
  // each of thousands of imports scan them (see docs/decisions.md, "Fuzz"). Nothing the fuzz sends needs the others.
  await t.db.query(`delete from body where kind = 'GOVERNMENT' and jurisdiction_code not like '370685%'`);
  await t.db.query('vacuum analyze body');
  // The server gets a short statement timeout: well-typed garbage may ask for the nation's flags on a random
  // date (seconds each); those end as clean TIMEOUT errors, which the fuzz checks too.
  served = await openDatabase(
    { databaseUrl: t.url, dataDir: '' },
    { migrate: false, poolSize: 4, statementTimeoutMs: 500, importStatementTimeoutMs: 10000 },
  );
  s = await startServer(served.db);
});
afterAll(async () => {
  await s?.stop();
  await served?.close();
  await t?.close();
});

/**
 * What changes when anything is written: the lists' generation (every write to them bumps it), the change feed
 * (every writer records there, with its reason: the fuzz tags each case's reason), acknowledgements, versions.
 */
const QUICK_SQL = `select (select value from meta where key = 'generation') as generation,
  (select coalesce(max(id), 0)::text from change) as change, (select count(*)::int from flag_acknowledgement) as acks,
  (select count(*)::int from catalogue_version) as versions,
  array(select distinct reason from change where id > $1::bigint and reason like 'fuzz#%') as tags`;
/** Rows and row versions of every table a client can write. */
const FULL_SQL = `select ${[
  'body',
  'item',
  'catalogue',
  'catalogue_entry',
  'assignment',
  'flag_acknowledgement',
  'catalogue_version',
]
  .map((tb) => `(select count(*)::text from ${tb}) as ${tb}`)
  .join(', ')}, ${['body', 'item', 'catalogue', 'catalogue_entry', 'assignment']
  .map((tb) => `(select coalesce(sum(row_version), 0)::text from ${tb}) as ${tb}_versions`)
  .join(
    ', ',
  )}, (select count(*)::int from jurisdiction) as jurisdiction, (select coalesce(max(id), 0)::text from change) as change,
  (select value from meta where key = 'generation') as generation`;

interface Quick {
  generation: string;
  change: string;
  acks: number;
  versions: number;
  tags: string[];
}
const quick = async (since: string) => (await t.db.query<Quick>(QUICK_SQL, [since]))[0];
const full = async () => JSON.stringify(await t.db.query(FULL_SQL));
const sameState = (a: Quick, b: Quick) =>
  a.generation === b.generation && a.change === b.change && a.acks === b.acks && a.versions === b.versions;

interface Failure {
  kind: string;
  problem: string;
  request: string;
  answer: string;
}
const failures: Failure[] = [];
const counts: Record<string, number> = {};
const outcomes: Record<string, number> = {};
const carriedOut: Record<string, number> = {};

const cut = (v: unknown, n = 400) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text === undefined ? String(v) : text.length > n ? `${text.slice(0, n)}…(${text.length})` : text;
};

/** Checks one answer: no 5xx, no INTERNAL_SERVER_ERROR. */
function check(kind: string, request: unknown, a: HttpAnswer): void {
  counts[kind] = (counts[kind] ?? 0) + 1;
  const errors: { extensions?: { code?: string } }[] = Array.isArray(a.body?.errors) ? a.body.errors : [];
  const codes = errors.map((e) => e.extensions?.code ?? '?');
  for (const c of new Set([`HTTP ${a.status}`, ...codes])) outcomes[c] = (outcomes[c] ?? 0) + 1;
  if (a.status >= 500) failures.push({ kind, problem: `HTTP ${a.status}`, request: cut(request), answer: cut(a.body) });
  else if (codes.includes('INTERNAL_SERVER_ERROR')) {
    const id = (errors.find((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')?.extensions as any)?.errorId;
    const logged = s.logged.find((l) => l.data?.errorId === id)?.data?.err;
    failures.push({ kind, problem: `INTERNAL_SERVER_ERROR: ${cut(logged, 300)}`, request: cut(request), answer: cut(a.body) });
  }
}

interface Runner<C> {
  label: string;
  kindOf: (c: C) => string;
  /** Sends case `c`, whose writes (if it passes `tag` as its reason) the change feed records under `tag`. */
  send: (c: C, tag: string) => Promise<HttpAnswer>;
  /** Whether the answer says the case was carried out (it may have written); otherwise it was refused. */
  accepted: (c: C, a: HttpAnswer) => boolean;
  concurrency: number;
}

/**
 * Runs cases a few at a time. After each group: a refused case must not appear in the change feed under its
 * tag, and when no case of the group was accepted nothing may have changed at all (generation, feed,
 * acknowledgements, versions); every BATCH groups, every table's rows and row versions are compared too.
 */
async function run<C>(r: Runner<C>, cases: C[]): Promise<void> {
  let q = await quick('0');
  let f = await full();
  let batchWrote = false;
  for (let i = 0, group = 0; i < cases.length; i += r.concurrency, group++) {
    const cs = cases.slice(i, i + r.concurrency);
    const tags = cs.map((_, j) => `fuzz#${r.label}#${i + j}`);
    const answers = await Promise.all(cs.map((c, j) => r.send(c, tags[j])));
    const accepted = cs.map((c, j) => r.accepted(c, answers[j]));
    cs.forEach((c, j) => check(`${r.label}/${r.kindOf(c)}`, c, answers[j]));
    accepted.forEach(
      (a, j) => a && (carriedOut[`${r.label}/${r.kindOf(cs[j])}`] = (carriedOut[`${r.label}/${r.kindOf(cs[j])}`] ?? 0) + 1),
    );
    const now = await quick(q.change);
    for (const tag of now.tags) {
      const j = tags.indexOf(tag);
      if (j >= 0 && !accepted[j]) {
        failures.push({
          kind: `${r.label}/${r.kindOf(cs[j])}`,
          problem: 'refused, but it wrote (change feed)',
          request: cut(cs[j]),
          answer: cut(answers[j].body),
        });
      }
    }
    if (!accepted.some(Boolean) && !sameState(q, now)) {
      failures.push({
        kind: r.label,
        problem: `refused, but the database changed: ${JSON.stringify(q)} → ${JSON.stringify(now)}`,
        request: cut(cs),
        answer: cut(answers.map((a) => a.body)),
      });
    }
    q = now;
    batchWrote ||= accepted.some(Boolean);
    if (group % BATCH === BATCH - 1 || i + r.concurrency >= cases.length) {
      const nowFull = await full();
      if (nowFull !== f && !batchWrote)
        failures.push({
          kind: r.label,
          problem: `a batch was refused, but rows changed: ${f} → ${nowFull}`,
          request: `cases before ${i + r.concurrency}`,
          answer: '',
        });
      f = nowFull;
      batchWrote = false;
    }
  }
}

const IMPORT =
  'mutation Fuzz($d: JSON!, $dry: Boolean, $why: String) { importCatalogue(document: $d, dryRun: $dry, reason: $why) { dryRun created updated unchanged problems { path message } } }';

const post = (body: unknown, headers: Record<string, string> = {}) => s.raw(body, headers);

describe('HTTP fuzz: nothing crashes, a refused request changes nothing', () => {
  const started = Date.now();

  it(`imports ${RUNS.imports} malformed interchange documents`, async () => {
    const cases = fc.sample(importCaseArb(DEMO as never), { numRuns: RUNS.imports, seed: SEED });
    await run<ImportCase>(
      {
        label: 'import',
        kindOf: (c) => c.kind,
        send: (c, tag) => post({ query: IMPORT, variables: { d: c.document, dry: c.dryRun, why: tag } }),
        accepted: (c, a) => !c.dryRun && !a.body?.errors && a.body?.data?.importCatalogue?.problems?.length === 0,
        concurrency: 3,
      },
      cases,
    );
    expect(failures).toEqual([]);
  });

  it(`sends wrong variables for every argument of every query and mutation, and ${RUNS.variables} random ones`, async () => {
    const schema = buildShudiSchema();
    const sweep = sweepCases(schema, SEED);
    const cases = [...sweep, ...fc.sample(variablesArb(schema), { numRuns: RUNS.variables, seed: SEED + 1 })];
    const fields = new Set(cases.map((c) => c.field));
    expect(rootFieldNames(schema).filter((f) => !fields.has(f))).toEqual([]); // every root field was tried
    const runner = (concurrency: number): Runner<VariablesCase> => ({
      label: 'variables',
      kindOf: (c) => c.kind,
      send: (c, tag) => {
        // Most well-typed mutations carry the case's tag as their reason, so the change feed names who wrote.
        const tagged = c.kind === 'typed' && 'reason' in c.variables && Number(tag.split('#')[2]) % 4 !== 0;
        return post({ query: c.query, variables: tagged ? { ...c.variables, reason: tag } : c.variables, operationName: 'Fuzz' });
      },
      accepted: (c, a) => c.operation === 'mutation' && !a.body?.errors && a.body?.data != null,
      concurrency,
    });
    await run(
      runner(6),
      cases.filter((c) => c.operation === 'query'),
    );
    await run(
      runner(3),
      cases.filter((c) => c.operation === 'mutation'),
    );
    expect(failures).toEqual([]);
  });

  it(`sends ${RUNS.queries} malformed queries and envelopes`, async () => {
    const cases = fc.sample(queryCaseArb, { numRuns: RUNS.queries, seed: SEED + 2 });
    const send = async (c: QueryCase): Promise<HttpAnswer> => {
      if (!c.raw) return post(c.body);
      const res = await fetch(`${s.base}/graphql${c.raw.search ?? ''}`, {
        method: c.raw.method,
        headers: { ...(c.raw.contentType ? { 'content-type': c.raw.contentType } : {}), ...c.raw.headers },
        body: c.raw.method === 'POST' ? (c.raw.text ?? '') : undefined,
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* text */
      }
      return { status: res.status, headers: res.headers, body };
    };
    // A mangled query may still be a valid mutation: whatever ran is checked like the rest.
    await run<QueryCase>(
      {
        label: 'query',
        kindOf: (c) => c.kind,
        send,
        accepted: (_c, a) => !!a.body?.data && !a.body?.errors && /mutation/.test(JSON.stringify((_c as QueryCase).body ?? '')),
        concurrency: 6,
      },
      cases,
    );
    expect(failures).toEqual([]);
  });

  afterAll(() => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const report = {
      seed: SEED,
      total,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      cases: counts,
      accepted: carriedOut,
      answers: outcomes,
    };
    const byProblem = new Map<string, Failure[]>();
    for (const f of failures) {
      const key = `${f.kind} ${f.problem.split('\n')[0].slice(0, 160)}`;
      byProblem.set(key, [...(byProblem.get(key) ?? []), f]);
    }
    for (const [key, fs] of byProblem)
      console.log(
        `FAILURE ×${fs.length} ${key}\n  request: ${fs[0].request}\n  answer: ${fs[0].answer}\n  problem: ${fs[0].problem}`,
      );
    // The report the issue asks for: how many cases of which kind, and what the server answered.
    console.log(`fuzz report ${JSON.stringify(report, null, 1)}`);
  });
});
