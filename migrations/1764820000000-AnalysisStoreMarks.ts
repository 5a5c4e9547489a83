import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A write queues a unit whose stored rows it may change. A delete is checked against what the unit has stored
 * (anything else has nothing to change before or after); since coverage and workload are stored too, a unit
 * whose pairs raised no flag still has coverage rows, so they count as stored rows as well (before, deleting the
 * last assignment of such a unit left its coverage and workload as they were).
 */
export class AnalysisStoreMarks1764820000000 implements MigrationInterface {
  name = 'AnalysisStoreMarks1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create or replace function shudi_flag_mark_scopes(scopes varchar[], checked boolean) returns void language plpgsql as $fn$
begin
  if scopes is null or cardinality(scopes) = 0 then return; end if;
  insert into flag_refresh (county)
  select u.code from (
    select c.code, c.path from flag_county c where c.path && scopes
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
$fn$;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
create or replace function shudi_flag_mark_scopes(scopes varchar[], checked boolean) returns void language plpgsql as $fn$
begin
  if scopes is null or cardinality(scopes) = 0 then return; end if;
  insert into flag_refresh (county)
  select u.code from (
    select c.code, c.path from flag_county c where c.path && scopes
    union
    select c.code, c.path from jurisdiction s join flag_county c on c.code = any(s.path) where s.code = any(scopes)
  ) u
   where not checked
      or exists (select 1 from flag_count f where f.county = u.code)
      or exists (select 1 from flag_interval f where f.county = u.code)
      or shudi_flag_unit_has_data(u.code, u.path)
  on conflict (county) do update set tx = excluded.tx, queued_at = excluded.queued_at;
end
$fn$;
`);
  }
}
