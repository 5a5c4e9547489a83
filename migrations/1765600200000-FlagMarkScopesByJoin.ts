import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The flag store's marking of scopes finds the counties at or under the written scopes by a hash join of the
 * counties' path elements with the scopes, instead of `c.path && scopes`: the planner read every county and
 * compared its path with every scope (arrays overlap element by element), ~150–190 ms per statement for
 * 山东's 361 assignment scopes over 2,978 counties, paid by every statement of an import (17 for one file).
 * The same counties are queued: `c.path && scopes` holds exactly when an element of the path is one of the scopes.
 */
const MARK = (under: string) => `
create or replace function shudi_flag_mark_scopes(scopes varchar[], checked boolean) returns void language plpgsql as $fn$
begin
  if scopes is null or cardinality(scopes) = 0 then return; end if;
  insert into flag_refresh (county)
  select u.code from (
    ${under}
    union
    select c.code, c.path from jurisdiction s join flag_county c on c.code = any(s.path) where s.code = any(scopes)
  ) u
   where not checked
      or exists (select 1 from flag_count f where f.county = u.code)
      or exists (select 1 from flag_interval f where f.county = u.code)
      or exists (select 1 from cover_interval f where f.county = u.code)
      or shudi_flag_unit_has_data(u.code, u.path)
  on conflict (county) do update set tx = excluded.tx, queued_at = excluded.queued_at;
end
$fn$;`;

export class FlagMarkScopesByJoin1765600200000 implements MigrationInterface {
  name = 'FlagMarkScopesByJoin1765600200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      MARK(`select c.code, c.path from flag_county c cross join lateral unnest(c.path) p(code)
            join (select distinct x from unnest(scopes) x) s(code) on s.code = p.code`),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(MARK('select c.code, c.path from flag_county c where c.path && scopes'));
  }
}
