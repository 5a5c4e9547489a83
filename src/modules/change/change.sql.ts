/**
 * SPEC §7 change feed. Every writer calls `lockWrites` first: one advisory lock held to commit makes
 * writers follow one another, so change ids become visible in order (no skipped or repeated change).
 */
export const WRITE_LOCK_SQL = `select pg_advisory_xact_lock(7413, 1)`;

/** Records changes ($1 jsonb rows: entity, key, operation, before, after) by actor $2 for reason $3. */
export const RECORD_CHANGES_SQL = `
insert into change (entity, key, operation, before, after, scope_code, actor, reason)
select r.entity, r.key, r.operation, r.before, r.after,
       case r.entity
         when 'body' then coalesce(r.after, r.before)->>'jurisdiction'
         when 'catalogue' then coalesce(r.after, r.before)->>'owner'
         when 'entry' then (select c.owner_code from catalogue c where c.code = coalesce(r.after, r.before)->>'catalogue')
         when 'assignment' then coalesce(r.after, r.before)->>'scope'
         when 'empowerment' then coalesce(r.after, r.before)->>'scope'
         when 'acknowledgement' then coalesce(r.after, r.before)->>'jurisdiction'
         when 'adjustment' then coalesce(r.after, r.before)->>'owner'
         when 'dispute' then coalesce(r.after, r.before)->>'scope'
         when 'call' then coalesce(r.after, r.before)->>'township'
         when 'version' then (select c.owner_code from catalogue c where c.code = coalesce(r.after, r.before)->>'catalogue')
       end,
       $2::text, $3::text
  from jsonb_to_recordset($1::jsonb) as r(entity text, key text, operation text, before jsonb, after jsonb)
 order by r.ord`.replace('after jsonb)', 'after jsonb, ord int)');

export interface ChangeRow {
  id: string;
  entity: string;
  key: string;
  operation: string;
  before: unknown;
  after: unknown;
  scope: string | null;
  actor: string | null;
  reason: string | null;
  at: string;
}

/**
 * A page of the feed after id $1, in id (= commit) order: entity $2, within scope $3 (the record's
 * jurisdiction in or under it; national records always), between $4 and $5, by actor $6. $7 page size + 1
 */
export const LIST_CHANGES_SQL = `
select c.id::text as id, c.entity, c.key, c.operation, c.before, c.after, c.scope_code as scope, c.actor, c.reason,
       to_json(c.at)#>>'{}' as at
  from change c
 where c.id > coalesce($1::bigint, 0)
   and ($2::text is null or c.entity = $2::text)
   and ($3::varchar is null or c.scope_code is null
        or exists (select 1 from jurisdiction j where j.code = c.scope_code and j.path @> array[$3::varchar]))
   and ($4::timestamptz is null or c.at >= $4::timestamptz)
   and ($5::timestamptz is null or c.at < $5::timestamptz)
   and ($6::text is null or c.actor = $6::text)
 order by c.id
 limit $7`;
