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

/** A problem with the record it is about: its kind and its place (`ord`) in the batch's list of that kind. */
export interface RecordProblem {
  kind: RecordKind;
  ord: number;
  problem: Problem;
}

const REF_ZH = { body: '责任主体', item: '事项', catalogue: '清单' } as const;
type RefKind = keyof typeof REF_ZH;

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
    const message = `format('%s "%s" 不存在（本文件与数据库中均无） · no %s "%s" in this document or in the database',
      '${REF_ZH[target]}', r.${column}, '${target}', r.${column})`;
    this.unresolved(kind, { seq, field, column }, { table: target, batchKind: target }, when, message);
  }

  /** `r.<column>` names a jurisdiction of the national tree. */
  place(kind: RecordKind, seq: number, field: string, column: string): void {
    const message = `format('行政区划 "%s" 不存在 · no jurisdiction "%s" in the national tree', r.${column}, r.${column})`;
    this.unresolved(kind, { seq, field, column }, { table: 'jurisdiction', batchKind: null }, 'true', message);
  }

  /** validFrom < validTo when both are given (validTo is exclusive). */
  window(kind: RecordKind, seq: number): void {
    const to = `to_char(r.valid_to, 'YYYY-MM-DD')`;
    const from = `to_char(r.valid_from, 'YYYY-MM-DD')`;
    const message = `format('validTo (%s) 必须晚于 validFrom (%s) · validTo (%s) must be after validFrom (%s); validTo is exclusive',
      ${to}, ${from}, ${to}, ${from})`;
    this.add(kind, seq, '.validTo', message, 'r.valid_from >= r.valid_to');
  }

  /** Each record whose natural key an earlier record of its list already has; `field` names the key's path. */
  duplicates(kind: RecordKind, field: string | null): void {
    if (this.batch.counts[kind] < 2) return;
    const message = `format('与 %s 重复 · duplicates %s (same upsert key)', r.first, r.first)`;
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
              s.path || '.' || w.link as path, format('%s 链形成环：%s · the %s chain loops: %s', w.link, w.loop, w.link, w.loop) as message
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
 * The DUTY lists the batch's entries may belong to (SPEC §8), materialised once: a list of the batch (its last
 * record) of kind DUTY, or a stored DUTY list the batch does not rewrite.
 */
function dutyLists(c: Checks): string {
  const name = 'duty_list';
  if (c.ctes.some((x) => x.startsWith(`${name} `))) return name;
  const entries = c.from('entry');
  const inBatch = c.has('catalogue')
    ? `select code from (select distinct on (code) code, kind from ${c.from('catalogue')} order by code, ord desc) x where kind = 'DUTY'
       union all `
    : '';
  const notRewritten = c.has('catalogue') ? `and not exists (select 1 from ${c.from('catalogue')} x where x.code = s.code)` : '';
  c.ctes.push(`${name} as materialized (
    ${inBatch}select s.code from catalogue s
     where s.kind = 'DUTY' and s.code in (select distinct catalogue_code from ${entries}) ${notRewritten})`);
  return name;
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
  if (c.branches.length === 0) return null;
  return `${withClause([...batch.ctes, ...c.ctes])}select * from (${c.branches.join('\nunion all\n')}) p
   order by array_position(array[${RECORD_KINDS.map((k) => `'${k}'`).join(', ')}]::text[], p.kind), p.ord, p.seq, p.path, p.message`;
}

/** Runs the set-based checks of a staged batch: its problems in batch order (kind, place, rule). */
export async function checkStaged(tx: Db, batch: StagedBatch): Promise<RecordProblem[]> {
  const sql = checkStatement(batch);
  if (sql === null) return [];
  const rows = await tx.query<{ kind: RecordKind; ord: number; path: string; message: string }>(sql, batch.params);
  return rows.map((r) => ({ kind: r.kind, ord: r.ord, problem: { path: r.path, message: r.message } }));
}
