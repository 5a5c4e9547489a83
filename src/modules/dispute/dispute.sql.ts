export interface DisputeRow {
  id: string;
  /** The same number, as the `number` field shows it (`id` becomes the global id in GraphQL). */
  number: string;
  item: string;
  subject: string;
  raisedBy: string;
  scope: string;
  state: string;
  openedOn: string;
  decision: string | null;
  rulingBasis: string[];
  ruledBy: string | null;
  ruledOn: string | null;
  adjustment: string | null;
  withdrawReason: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  revision: number;
  places: string[];
  parties: string[];
}

export const DISPUTE_COLUMNS = `d.id::text as id, d.id::text as number, d.item_code as item, d.subject, d.raised_by as "raisedBy",
  d.scope_code as scope, d.state, to_char(d.opened_on, 'YYYY-MM-DD') as "openedOn", d.decision,
  d.ruling_basis as "rulingBasis", d.ruled_by as "ruledBy", to_char(d.ruled_on, 'YYYY-MM-DD') as "ruledOn",
  d.adjustment_id::text as adjustment, d.withdraw_reason as "withdrawReason", d.created_by as "createdBy",
  to_json(d.created_at)#>>'{}' as "createdAt", to_json(d.updated_at)#>>'{}' as "updatedAt", d.revision,
  array(select p.jurisdiction_code::text from dispute_place p where p.dispute_id = d.id order by 1) as places,
  array(select p.body_code::text from dispute_party p where p.dispute_id = d.id order by 1) as parties`;

export const DISPUTES_BY_ID_SQL = `select ${DISPUTE_COLUMNS} from dispute d where d.id = any($1::bigint[])`;

/** One dispute, locked for the step that changes it (racing rulings follow one another). */
export const DISPUTE_FOR_UPDATE_SQL = `select ${DISPUTE_COLUMNS} from dispute d where d.id = $1::bigint for update of d`;

/**
 * A new dispute: its scope is the lowest jurisdiction whose subtree holds every place ($4 varchar[]), the
 * deepest common element of their paths.
 */
export const INSERT_DISPUTE_SQL = `
with paths as (select j.path from jurisdiction j where j.code = any($4::varchar[])),
common as (
  select c.code
    from (select unnest(path) as code, generate_subscripts(path, 1) as depth from paths) c
   group by c.code, c.depth
  having count(*) = (select count(*) from paths)
   order by c.depth desc
   limit 1
),
d as (
  insert into dispute (item_code, subject, raised_by, scope_code, opened_on, created_by)
  select $1, $2, $3, common.code, $5::date, $6 from common
  returning id
),
pl as (insert into dispute_place (dispute_id, jurisdiction_code) select d.id, p from d, unnest($4::varchar[]) p),
pa as (insert into dispute_party (dispute_id, body_code) select d.id, b from d, unnest($7::varchar[]) b)
select id::text as id from d`;

export const INSERT_STATEMENT_SQL = `
insert into dispute_statement (dispute_id, body_code, text, made_by) values ($1::bigint, $2, $3, $4)
returning id::text as id`;

/** A step: new state $2 and the fields it sets ($3 jsonb, keys = column names), revision + 1. */
export const UPDATE_DISPUTE_SQL = `
update dispute d set
  state = $2,
  decision = case when s ? 'decision' then s->>'decision' else d.decision end,
  ruling_basis = case when s ? 'ruling_basis' then array(select jsonb_array_elements_text(s->'ruling_basis')) else d.ruling_basis end,
  ruled_by = case when s ? 'ruled_by' then s->>'ruled_by' else d.ruled_by end,
  ruled_on = case when s ? 'ruled_on' then (s->>'ruled_on')::date else d.ruled_on end,
  adjustment_id = case when s ? 'adjustment' then (s->>'adjustment')::bigint else d.adjustment_id end,
  withdraw_reason = case when s ? 'withdraw_reason' then s->>'withdraw_reason' else d.withdraw_reason end,
  revision = d.revision + 1,
  updated_at = now()
from (select $3::jsonb as s) x
where d.id = $1::bigint`;

export interface StatementRow {
  id: string;
  dispute: string;
  body: string;
  text: string;
  madeBy: string | null;
  madeAt: string;
}
export const STATEMENTS_BY_DISPUTE_SQL = `
select s.id::text as id, s.dispute_id::text as dispute, s.body_code as body, s.text, s.made_by as "madeBy",
       to_json(s.made_at)#>>'{}' as "madeAt"
  from dispute_statement s where s.dispute_id = any($1::bigint[]) order by s.dispute_id, s.id`;

/** SPEC §10 time limit of a dispute: OPEN and opened on or before the review cutoff $1. */
export const disputeOverdueSql = (cutoff: string) => `(d.state = 'OPEN' and d.opened_on <= ${cutoff}::date)`;

/**
 * Disputes of scope $1 (a place of theirs in its subtree; null: all), filtered by state $2, item $3, party $4
 * and overdue $5 (cutoff $6); keyset page by id. The 裁定清单 is this list with state RULED.
 */
const LISTED = `
  from dispute d
 where ($1::varchar is null or exists (
          select 1 from dispute_place p join jurisdiction j on j.code = p.jurisdiction_code
           where p.dispute_id = d.id and j.path @> array[$1::varchar]))
   and ($2::text[] is null or d.state = any($2::text[]))
   and ($3::varchar is null or d.item_code = $3::varchar)
   and ($4::varchar is null or exists (select 1 from dispute_party p where p.dispute_id = d.id and p.body_code = $4::varchar))
   and ($5::boolean is null or ${disputeOverdueSql('$6')} = $5::boolean)`;
export const LIST_DISPUTES_SQL = `select ${DISPUTE_COLUMNS} ${LISTED}
   and ($7::bigint is null or d.id > $7::bigint)
 order by d.id limit $8`;
export const COUNT_DISPUTES_SQL = `select count(*)::int as n ${LISTED}`;
/** The whole list for an export (no page), in id order. */
export const ALL_DISPUTES_SQL = `select ${DISPUTE_COLUMNS} ${LISTED} order by d.id`;
