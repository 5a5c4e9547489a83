import type { Db } from '../../db/database';
import type { Problem } from '../../errors';
import { RECORD_KINDS, type RecordKind } from './record.kinds';
import { withClause, type StagedBatch } from './records.stage';

/**
 * SPEC §2–4 and §8 rules across the records of a batch, as set operations on the staged batch (records.stage.ts)
 * and the stored lists, in one statement: natural keys unique in the batch, windows ordered, every reference
 * (body, item, catalogue, jurisdiction) resolving in the batch or the database, and the parent and successor
 * chains without cycles through the batch and the database. Each problem names its record (kind, place in the
 * batch) and the record's path; the checks that read one record at a time stay in records.check.ts.
 */

/**
 * A problem with the record it is about: its kind and its place (`ord`) in the batch's list of that kind; kind
 * null for a problem about several records (listed after the others).
 */
export interface RecordProblem {
  kind: RecordKind | null;
  ord: number;
  problem: Problem;
}

/** A code that names no jurisdiction of the national tree (records.check.ts reports it of a list's codes too). */
export const noJurisdiction = (code: string) => `行政区划 "${code}" 不存在 · no jurisdiction "${code}" in the national tree`;

/**
 * A message of this module as an SQL expression: `message` written once in TypeScript, called with markers for
 * its arguments, which become `format`'s `%s` and the SQL expressions `args` in the order they appear.
 */
function sqlMessage<A extends string[]>(message: (...a: A) => string, ...args: A): string {
  const marked = message(...(args.map((_, i) => `\u0000${i}\u0000`) as A));
  const order: string[] = [];
  const text = marked.replace(/%/g, '%%').replace(/\u0000(\d+)\u0000/g, (_, i) => {
    order.push(args[Number(i)]);
    return '%s';
  });
  return `format('${text.replace(/'/g, "''")}'${order.map((a) => `, ${a}`).join('')})`;
}

const REF_ZH = { body: '责任主体', item: '事项', catalogue: '清单' } as const;
type RefKind = keyof typeof REF_ZH;

/** The messages of the set-based checks (each argument an SQL expression when built by `sqlMessage`). */
const MESSAGES = {
  unknown: (target: RefKind) => (code: string) =>
    `${REF_ZH[target]} "${code}" 不存在（本文件与数据库中均无） · no ${target} "${code}" in this document or in the database`,
  window: (from: string, to: string) =>
    `validTo (${to}) 必须晚于 validFrom (${from}) · validTo (${to}) must be after validFrom (${from}); validTo is exclusive`,
  duplicate: (first: string) => `与 ${first} 重复 · duplicates ${first} (same upsert key)`,
  loop: (link: string, loop: string) => `${link} 链形成环：${loop} · the ${link} chain loops: ${loop}`,
  twice: (item: string, owner: string, first: string, second: string, from: string) =>
    `事项 "${item}" 同时在 ${owner} 的履职事项清单 "${first}" 与 "${second}" 中有效（自 ${from}）· ` +
    `item "${item}" would be in force in two entries of ${owner}'s duty lists ("${first}" and "${second}", from ${from}); ` +
    'an owner\'s duty lists list an item once at any date',
};

/** A branch of the statement: the problems of one rule as rows (kind, ord, seq, path, message). */
type Branch = string;

class Checks {
  readonly branches: Branch[] = [];
  /** The codes each reference check found unresolved, materialised once (few or none): what its branch filters by. */
  readonly ctes: string[] = [];
  constructor(private readonly batch: StagedBatch) {}

  has(kind: RecordKind): boolean {
    return this.batch.counts[kind] > 0;
  }

  from(kind: RecordKind): string {
    return this.batch.from(kind);
  }

  /** Rows of `kind` (alias `r`) meeting `where`: a problem at `r.path || suffix` with `message` (SQL expressions). */
  add(kind: RecordKind, seq: number, suffix: string, message: string, where: string): void {
    if (!this.has(kind)) return;
    this.branches.push(
      `select '${kind}'::text as kind, r.ord, ${seq} as seq, r.path || '${suffix}' as path, ${message} as message
         from ${this.from(kind)} r where ${where}`,
    );
  }

  /**
   * Rows of `kind` whose `column` (when `when` holds) names no row of `table` by code, nor (with `batchKind`) a
   * record of the batch: each distinct value is looked up once (an index probe), not each row.
   */
  private unresolved(
    kind: RecordKind,
    at: { seq: number; field: string; column: string },
    target: { table: string; batchKind: RecordKind | null },
    when: string,
    message: string,
  ): void {
    if (!this.has(kind)) return;
    const { seq, field, column } = at;
    const inBatch =
      target.batchKind && this.has(target.batchKind)
        ? `and not exists (select 1 from ${this.from(target.batchKind)} x where x.code = v.code)`
        : '';
    const missing = `missing_${this.ctes.length}`;
    this.ctes.push(`${missing} as materialized (
      select v.code from (select distinct ${column} as code from ${this.from(kind)} where ${column} is not null) v
       where not exists (select 1 from ${target.table} x where x.code = v.code) ${inBatch})`);
    this.add(kind, seq, `.${field}`, message, `r.${column} in (select code from ${missing}) and ${when}`);
  }

  /** `r.<column>` (when `when` holds) names a body, item or catalogue of the batch or the database. */
  ref(kind: RecordKind, seq: number, field: string, column: string, target: RefKind, when = 'true'): void {
    const message = sqlMessage(MESSAGES.unknown(target), `r.${column}`);
    this.unresolved(kind, { seq, field, column }, { table: target, batchKind: target }, when, message);
  }

  /** `r.<column>` names a jurisdiction of the national tree. */
  place(kind: RecordKind, seq: number, field: string, column: string): void {
    const message = sqlMessage(noJurisdiction, `r.${column}`);
    this.unresolved(kind, { seq, field, column }, { table: 'jurisdiction', batchKind: null }, 'true', message);
  }

  /** validFrom < validTo when both are given (validTo is exclusive). */
  window(kind: RecordKind, seq: number): void {
    const message = sqlMessage(MESSAGES.window, `to_char(r.valid_from, 'YYYY-MM-DD')`, `to_char(r.valid_to, 'YYYY-MM-DD')`);
    this.add(kind, seq, '.validTo', message, 'r.valid_from >= r.valid_to');
  }

  /** Each record whose natural key an earlier record of its list already has; `field` names the key's path. */
  duplicates(kind: RecordKind, field: string | null): void {
    if (this.batch.counts[kind] < 2) return;
    const message = sqlMessage(MESSAGES.duplicate, 'r.first');
    this.branches.push(
      `select '${kind}'::text as kind, r.ord, -1 as seq, r.path${field ? ` || '.${field}'` : ''} as path, ${message} as message
         from (select d.ord, d.path, first_value(d.path) over w as first, row_number() over w as n
                 from ${this.from(kind)} d
                 -- the keys held twice found by hashing; only their records are ordered
                where d.key in (select key from ${this.from(kind)} group by key having count(*) > 1)
               window w as (partition by d.key order by d.ord)) r
        where r.n > 1`,
    );
  }

  /**
   * The parent and successor chains of the batch's bodies (the batch's record of a body replacing the stored
   * one) never loop: a walk from each body, one step per link, stops at a body it has seen; a walk back at its
   * start is a loop through it (a body naming itself is reported as such by records.check.ts).
   */
  cycles(): void {
    if (!this.has('body')) return;
    const body = this.from('body');
    const next = (alias: string) =>
      `case w.link when 'successor' then ${alias}.successor_code else ${alias}.parent_code end`;
    this.branches.push(
      `select 'body'::text as kind, s.ord, case w.link when 'successor' then 20 else 21 end as seq,
              s.path || '.' || w.link as path, ${sqlMessage(MESSAGES.loop, 'w.link', 'w.loop')} as message
         from (with recursive walk (start, link, seen, cur) as (
                 select d.code, l.link, array[d.code]::varchar[], l.next
                   from ${body} d
                  cross join lateral (values ('successor'::text, d.successor_code), ('parent', d.parent_code)) l(link, next)
                  where l.next is not null and l.next <> d.code
                 union all
                 select w.start, w.link, w.seen || w.cur,
                        -- else the stored body, by its key (a lookup per step, not a hash of every body)
                        case when d.code is not null then ${next('d')}
                             else (select ${next('b')} from body b where b.code = w.cur) end
                   from walk w
                   left join ${body} d on d.code = w.cur
                  where w.cur <> all(w.seen)
               )
               select distinct start, link, array_to_string(seen || cur, ' → ') as loop from walk where cur = start) w
         join ${body} s on s.code = w.start`,
    );
  }
}

/**
 * The lists as they will be after the batch, materialised once: `batch_list` holds the batch's own (the last
 * record of each). `afterBatch(code)` joins the list `code` names as `l` (kind, owner_code, valid_from, valid_to:
 * the batch's record, else the stored one) and the batch's record as `b` (its path: null for a stored list).
 */
function batchLists(c: Checks): { afterBatch: (code: string) => string } {
  if (!c.ctes.some((x) => x.startsWith('batch_list '))) {
    const cat = c.has('catalogue') ? c.from('catalogue') : null;
    c.ctes.push(
      `batch_list as materialized (${
        cat
          ? `select distinct on (code) code, kind, owner_code, valid_from, valid_to, path from ${cat} order by code, ord desc`
          : `select null::varchar as code, null::text as kind, null::varchar as owner_code, null::date as valid_from,
                    null::date as valid_to, null::text as path where false`
      })`,
    );
  }
  return {
    afterBatch: (code) => `left join batch_list b on b.code = ${code}
       left join catalogue s on s.code = ${code} and b.code is null
      cross join lateral (select coalesce(b.kind, s.kind) as kind, coalesce(b.owner_code, s.owner_code) as owner_code,
                                 case when b.code is not null then b.valid_from else s.valid_from end as valid_from,
                                 case when b.code is not null then b.valid_to else s.valid_to end as valid_to) l`,
  };
}

/** The DUTY lists (after the batch) the batch's entries belong to (SPEC §8), materialised once. */
function dutyLists(c: Checks): string {
  const name = 'duty_list';
  if (c.ctes.some((x) => x.startsWith(`${name} `))) return name;
  const { afterBatch } = batchLists(c);
  c.ctes.push(`${name} as materialized (
    select e.code from (select distinct catalogue_code as code from ${c.from('entry')}) e ${afterBatch('e.code')}
     where l.kind = 'DUTY')`);
  return name;
}

/**
 * SPEC §8: the DUTY lists of one owner in force together form one list, so an item is in force in only one of
 * their entries at any date. Checked on the state after the batch (the stored entries of the DUTY lists of every
 * owner the batch touches, the batch's lists and entries replacing theirs), each entry's span being its window
 * within its list's. The spans of an (owner, item) in order of their start (stored before the batch's, then by
 * list and place); a span that starts before an earlier one ends is reported where the batch made it: the
 * later span's entry of the batch (its `item`) or the batch's list it belongs to, else the earlier span's; a
 * conflict the batch has no part in is not reported.
 */
function oneEntryInForce(c: Checks): void {
  if (!c.has('entry') && !c.has('catalogue')) return;
  const cat = c.has('catalogue') ? c.from('catalogue') : null;
  const ent = c.has('entry') ? c.from('entry') : null;
  const union = (parts: (string | null)[]) => parts.filter((x) => x !== null).join('\n      union all\n      ');
  const { afterBatch } = batchLists(c);
  const named = union([
    cat && `select code from ${cat}`,
    cat && `select guiding_code from ${cat}`,
    ent && `select catalogue_code from ${ent}`,
    c.has('assignment') ? `select catalogue_code from ${c.from('assignment')}` : null,
  ]);
  c.ctes.push(
    // owners whose duty lists the batch touches: of a DUTY list it names or writes, or of an entry with a part
    `duty_owner as materialized (select distinct owner_code from (
      ${union([
        named && `select s.owner_code from catalogue s where s.kind = 'DUTY' and s.code in (${named})`,
        `select owner_code from batch_list where kind = 'DUTY'`,
        ent && `select l.owner_code from ${ent} e ${afterBatch('e.catalogue_code')} where e.part is not null`,
      ])}) x)`,
    // the entries after the batch: the stored ones of those owners' DUTY lists it does not rewrite, and its own
    `duty_row as materialized (
      select e.catalogue_code, e.item_code, e.valid_from, e.valid_to, null::text as path, null::int as ord
        from catalogue_entry e
       -- the owners' DUTY lists, their entries by the primary key's leading column (not a scan of the nation's)
       where e.catalogue_code = any(array(select s.code from catalogue s
                                           where s.kind = 'DUTY' and s.owner_code in (select owner_code from duty_owner)))
         ${ent ? `and not exists (select 1 from ${ent} x where x.catalogue_code = e.catalogue_code and x.item_code = e.item_code)` : ''}
      ${ent ? `union all select catalogue_code, item_code, valid_from, valid_to, path, ord from ${ent}` : ''})`,
    `duty_span as materialized (
      select x.*, row_number() over (partition by x.owner_code, x.item_code
                                     order by x.span_from nulls first, x.path is not null, x.catalogue_code, x.ord) as n
        from (select r.catalogue_code, r.item_code, r.path, r.ord, l.owner_code,
                     greatest(l.valid_from, r.valid_from) as span_from, least(l.valid_to, r.valid_to) as span_to,
                     -- where it is reported: the batch's entry (its item), else the batch's list it belongs to
                     coalesce(r.path || '.item', b.path) as span_path
                from duty_row r ${afterBatch('r.catalogue_code')}
               where l.kind = 'DUTY') x
       where x.span_from is null or x.span_to is null or x.span_from < x.span_to)`,
  );
  const message = sqlMessage(MESSAGES.twice, 'i.item_code', 'i.owner_code', 'p.catalogue_code', 'i.catalogue_code', `coalesce(to_char(i.span_from, 'YYYY-MM-DD'), '0000-00-00')`);
  c.branches.push(
    `select null::text as kind, 0 as ord, 0 as seq,
            coalesce(i.span_path, p.span_path) as path, ${message} as message
       from duty_span i
       cross join lateral (select q.catalogue_code, q.span_path from duty_span q
                            where q.owner_code = i.owner_code and q.item_code = i.item_code and q.n < i.n
                              and (q.span_to is null or i.span_from is null or q.span_to > i.span_from)
                            order by q.n limit 1) p
      where i.n > 1 and coalesce(i.span_path, p.span_path) is not null`,
  );
}

/** The statement of every set-based check over `batch` (its branches depend on which kinds the batch holds). */
export function checkStatement(batch: StagedBatch): string | null {
  const c = new Checks(batch);
  c.duplicates('body', 'code');
  c.duplicates('item', 'code');
  c.duplicates('catalogue', 'code');
  c.duplicates('entry', 'item');
  c.duplicates('assignment', null);
  c.duplicates('empowerment', null);

  c.place('body', 0, 'jurisdiction', 'jurisdiction_code');
  c.window('body', 1);
  c.ref('body', 5, 'parent', 'parent_code', 'body', 'r.parent_code <> r.code');
  c.ref('body', 7, 'successor', 'successor_code', 'body', 'r.successor_code <> r.code');
  c.cycles();

  c.place('catalogue', 0, 'owner', 'owner_code');
  c.window('catalogue', 1);
  c.ref('catalogue', 2, 'guiding', 'guiding_code', 'catalogue', `r.kind = 'LOCAL' and r.guiding_code <> r.code`);

  c.ref('entry', 0, 'item', 'item_code', 'item');
  c.window('entry', 1);
  // SPEC §8: a DUTY list's COOPERATING entry names its lead, a RECLAIMED one the body that took it back
  const duty = c.has('entry') ? `r.catalogue_code in (select code from ${dutyLists(c)})` : 'false';
  c.ref('entry', 10, 'lead', 'lead_code', 'body', `r.part = 'COOPERATING' and ${duty}`);
  c.ref('entry', 11, 'takenBy', 'taken_by_code', 'body', `r.part = 'RECLAIMED' and ${duty}`);

  c.ref('assignment', 0, 'item', 'item_code', 'item');
  c.place('assignment', 1, 'scope', 'scope_code');
  c.ref('assignment', 2, 'body', 'body_code', 'body');
  c.window('assignment', 3);
  c.ref('assignment', 5, 'catalogue', 'catalogue_code', 'catalogue');

  c.ref('empowerment', 1, 'item', 'item_code', 'item');
  c.place('empowerment', 2, 'scope', 'scope_code');
  c.window('empowerment', 3);
  oneEntryInForce(c);
  if (c.branches.length === 0) return null;
  return `${withClause([...batch.ctes, ...c.ctes])}select * from (${c.branches.join('\nunion all\n')}) p
   order by array_position(array[${RECORD_KINDS.map((k) => `'${k}'`).join(', ')}]::text[], p.kind) nulls last, p.ord, p.seq, p.path, p.message`;
}

/** Runs the set-based checks of a staged batch: its problems in batch order (kind, place, rule). */
export async function checkStaged(tx: Db, batch: StagedBatch): Promise<RecordProblem[]> {
  const sql = checkStatement(batch);
  if (sql === null) return [];
  const rows = await tx.query<{ kind: RecordKind | null; ord: number; path: string; message: string }>(sql, batch.params);
  return rows.map((r) => ({ kind: r.kind, ord: r.ord, problem: { path: r.path, message: r.message } }));
}
