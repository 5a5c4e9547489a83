/**
 * The figures shudi is compared with, each written independently of the engine:
 * - COPY: the same records, one JSON row each, streamed with `COPY … FROM STDIN` into a bare LOGGED table;
 * - RAW_CHAIN_SQL: one parameterised statement returning a chain's holders (served by raw-server.ts);
 * - HAND_FLAG_COUNTS_SQL: totalCount and counts by kind of SPEC §6 over the leaves of a scope, one statement.
 */
import { Client } from 'pg';

/** A pg "submittable" that runs `COPY … FROM STDIN` and sends `chunks` (pg has no COPY API of its own). */
class CopyIn {
  rowCount = 0;
  constructor(
    readonly text: string,
    private readonly chunks: Buffer[],
    private readonly done: (e: Error | null, rows: number) => void,
  ) {}
  submit(con: { query(text: string): void }) {
    con.query(this.text);
  }
  handleCopyInResponse(con: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }) {
    for (const c of this.chunks) con.sendCopyFromChunk(c);
    con.endCopyFrom();
  }
  handleCommandComplete(msg: { text: string }) {
    this.rowCount = Number(msg.text.split(' ').pop());
  }
  handleReadyForQuery() {
    this.done(null, this.rowCount);
  }
  handleError(e: Error) {
    this.done(e, 0);
  }
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

/** Every record of an interchange document, as the import counts them (entries are records of their own). */
export function documentRecords(doc: Record<string, unknown>): { entity: string; record: unknown }[] {
  const out: { entity: string; record: unknown }[] = [];
  const list = (k: string) => (Array.isArray(doc[k]) ? (doc[k] as Record<string, unknown>[]) : []);
  list('bodies').forEach((r) => out.push({ entity: 'body', record: r }));
  list('items').forEach((r) => out.push({ entity: 'item', record: r }));
  for (const c of list('catalogues')) {
    const { entries, ...catalogue } = c;
    out.push({ entity: 'catalogue', record: catalogue });
    for (const e of (entries as unknown[]) ?? []) out.push({ entity: 'entry', record: { catalogue: c.code, ...(e as object) } });
  }
  list('assignments').forEach((r) => out.push({ entity: 'assignment', record: r }));
  list('empowerments').forEach((r) => out.push({ entity: 'empowerment', record: r }));
  return out;
}

/**
 * COPYs the records of `docs` into `bench_copy (entity text, record jsonb)`, a fresh LOGGED table (a fair
 * comparison: the import writes logged tables too), one COPY per document in one transaction.
 * Returns the rows and the time from the first byte sent to commit (building the text rows included).
 */
export async function copyBaseline(
  url: string,
  files: string[],
  read: (file: string) => Record<string, unknown>,
): Promise<{ rows: number; ms: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('drop table if exists bench_copy; create table bench_copy (entity text not null, record jsonb not null)');
    let took = 0;
    let rows = 0;
    await client.query('begin');
    for (const file of files) {
      const doc = read(file); // reading and parsing the file is not timed (nor is it for the import)
      const t0 = process.hrtime.bigint();
      const lines = documentRecords(doc).map(
        // COPY text format: backslashes doubled; JSON.stringify already escapes tabs and newlines
        (r) => `${r.entity}\t${JSON.stringify(r.record).replace(/\\/g, '\\\\')}\n`,
      );
      const chunks: Buffer[] = [];
      for (let i = 0; i < lines.length; i += 2000) chunks.push(Buffer.from(lines.slice(i, i + 2000).join('')));
      rows += await new Promise<number>((resolve, reject) =>
        client.query(
          new CopyIn('copy bench_copy (entity, record) from stdin', chunks, (e, n) => (e ? reject(e) : resolve(n))) as never,
        ),
      );
      took += Number(process.hrtime.bigint() - t0) / 1e6;
    }
    const t1 = process.hrtime.bigint();
    await client.query('commit');
    const ms = took + Number(process.hrtime.bigint() - t1) / 1e6;
    await client.query('drop table bench_copy');
    return { rows, ms };
  } finally {
    await client.end();
  }
}

/**
 * The chain's holders of (item $1, place $2) at $3, with the places of the chain: every assignment of the
 * item scoped at the place or an ancestor, in force, not carved out, its holder's body (the relative holder
 * as the place's government) and that body's level. One statement, what a hand-written service would send.
 */
export const RAW_CHAIN_SQL = `
select json_build_object(
  'places', (select json_agg(json_build_object('code', p.code, 'name', p.name, 'level', p.level) order by cardinality(p.path) desc)
               from jurisdiction p where p.code = any(t.path)),
  'holders', coalesce((
    select json_agg(json_build_object('role', a.role, 'duty', a.duty, 'scope', a.scope_code, 'catalogue', a.catalogue_code,
             'body', b.code, 'name', b.name, 'kind', b.kind, 'level', bj.level,
             'active', (b.valid_from is null or b.valid_from <= $3::date) and (b.valid_to is null or $3::date < b.valid_to))
             order by a.role, b.code)
      from assignment a
      left join body b on b.code = coalesce(a.body_code, t.code || '-GOV')
      left join jurisdiction bj on bj.code = b.jurisdiction_code
     where a.item_code = $1 and a.scope_code = any(t.path)
       and (a.valid_from is null or a.valid_from <= $3::date) and (a.valid_to is null or $3::date < a.valid_to)
       and not (t.path && a.except_in)), '[]'::json)) as chain
  from jurisdiction t where t.code = $2`;

/**
 * SPEC §6 counted straight from the text, over every leaf under $2 (null: the nation) at $1: total flags
 * and flags per kind. Written from SPEC.md, not from resolution.sql.ts; run beside the engine, it must give
 * the same counts.
 */
export const HAND_FLAG_COUNTS_SQL = `
with recursive
leaf as (select code, path from jurisdiction where leaf and ($2::varchar is null or path @> array[$2::varchar])),
-- §4 successor chains: each body, then its successors while the current one is not valid at $1
succ(start, code, steps) as (
  select code, code, 0 from body
  union all
  select s.start, b.successor_code, s.steps + 1 from succ s join body b on b.code = s.code
   where b.successor_code is not null and s.steps < 32
     and not ((b.valid_from is null or b.valid_from <= $1) and (b.valid_to is null or $1 < b.valid_to))
),
active_as as (
  select distinct on (s.start) s.start, s.code from succ s join body b on b.code = s.code
   where (b.valid_from is null or b.valid_from <= $1) and (b.valid_to is null or $1 < b.valid_to)
   order by s.start, s.steps
),
-- §2 level: a STATIONED body counts at its parent's level (recursively)
up(start, code, steps) as (
  select code, code, 0 from body
  union all
  select u.start, b.parent_code, u.steps + 1 from up u join body b on b.code = u.code
   where b.kind = 'STATIONED' and u.steps < 16
),
body_level as (
  select distinct on (u.start) u.start as code, j.level from up u join body b on b.code = u.code
    join jurisdiction j on j.code = b.jurisdiction_code
   where b.kind <> 'STATIONED' order by u.start, u.steps
),
-- every (leaf, item, role, holder) in force, the holder resolved
held as (
  select l.code as leaf, a.item_code as item, a.role,
         coalesce(r.code, a.holder_body) as body, r.code is not null as active, bl.level,
         (b.jurisdiction_code is not null and b.jurisdiction_code <> all(l.path)
          and not (b.kind = 'STATIONED' and l.code = any(b.serves))) as foreign_body
    from leaf l
    join lateral (select x.*, coalesce(x.body_code, l.code || '-GOV') as holder_body from assignment x
                   where x.scope_code = any(l.path) and not (l.path && x.except_in)
                     and (x.valid_from is null or x.valid_from <= $1) and (x.valid_to is null or $1 < x.valid_to)) a on true
    left join active_as r on r.start = a.holder_body
    left join body b on b.code = coalesce(r.code, a.holder_body)
    left join body_level bl on bl.code = b.code
),
-- §3 applicable (leaf, item)
listed as (
  select distinct l.code as leaf, e.item_code as item
    from catalogue c
    join leaf l on l.path @> array[c.owner_code]
    join catalogue_entry e on e.catalogue_code = c.code and not (l.path && e.not_applicable_in)
   where c.kind = 'LOCAL'
     and (c.valid_from is null or c.valid_from <= $1) and (c.valid_to is null or $1 < c.valid_to)
     and (e.valid_from is null or e.valid_from <= $1) and (e.valid_to is null or $1 < e.valid_to)
),
per_body as (
  select leaf, item, body, level,
         bool_or(role = 'PRIMARY' and active) as lead, bool_or(role = 'PRIMARY') as lead_any,
         bool_or(role = 'SUPPORTING' and active) as support, bool_or(role = 'SUPPORTING') as support_any,
         bool_or(foreign_body) as foreign_body
    from held group by leaf, item, body, level
),
per_pair as (
  select coalesce(p.leaf, l.leaf) as leaf, coalesce(p.item, l.item) as item, l.item is not null as applicable,
         coalesce(p.township_lead, false) as township_lead, coalesce(p.upper_lead, false) as upper_lead,
         coalesce(p.crowded, false) as crowded, coalesce(p.any_lead, false) as any_lead,
         coalesce(p.active_lead, false) as active_lead, coalesce(p.active_support, false) as active_support,
         coalesce(p.township_holder, false) as township_holder, coalesce(p.both_roles, false) as both_roles,
         coalesce(p.foreign_body, false) as foreign_body
    from (select leaf, item,
                 bool_or(lead and level = 'TOWNSHIP') as township_lead,
                 bool_or(lead and level <> 'TOWNSHIP') as upper_lead,
                 count(*) filter (where lead and level is not null) > count(distinct level) filter (where lead) as crowded,
                 bool_or(lead_any) as any_lead, bool_or(lead) as active_lead, bool_or(support) as active_support,
                 bool_or(level = 'TOWNSHIP') as township_holder, bool_or(lead_any and support_any) as both_roles,
                 bool_or(foreign_body) as foreign_body
            from per_body group by leaf, item) p
    full join listed l on l.leaf = p.leaf and l.item = p.item
),
flags as (
  select k.kind from per_pair p
  cross join lateral (values
    ('OVERLAP_COUNTY_TOWNSHIP', p.township_lead and p.upper_lead),
    ('OVERLAP_SAME_LEVEL', p.crowded),
    ('GAP_NO_HOLDER', p.applicable and not p.any_lead and not p.active_support),
    ('GAP_SUPPORT_ONLY', p.applicable and not p.any_lead and p.active_support),
    ('GAP_INACTIVE_PRIMARY', p.any_lead and not p.active_lead),
    ('UNLISTED_TOWNSHIP_DUTY', not p.applicable and p.township_holder),
    ('ROLE_CONFLICT', p.both_roles),
    ('OUT_OF_JURISDICTION', p.foreign_body)) k(kind, fires)
   where k.fires
)
select (select count(*)::int from flags) as total,
       coalesce((select json_object_agg(kind, n) from (select kind, count(*)::int as n from flags group by kind) c), '{}') as counts`;
