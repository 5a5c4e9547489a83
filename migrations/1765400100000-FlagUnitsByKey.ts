import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * shudi_flag_units (the store's units from the tree) runs inside the statement trigger of every write to
 * jurisdiction. On a first start it runs at the end of the tree load's insert of 44,700 places, before any
 * ANALYZE: planned for an empty table, its semi- and anti-joins compared every place with every leaf (38 s of a
 * 47 s tree load on a busy machine, past the 30 s statement timeout). The units of the leaves are now computed
 * once per statement and joined by key or hashed, whatever the statistics say; the tree trigger finds the units
 * with data from the scopes that hold data instead of searching the tree once per unit. Same rows as before.
 */
export class FlagUnitsByKey1765400100000 implements MigrationInterface {
  name = 'FlagUnitsByKey1765400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create or replace function shudi_flag_units() returns void language plpgsql as $fn$
begin
  insert into flag_county (code, path)
  with units as materialized (select distinct shudi_flag_unit(j.level, j.code, j.path) as code from jurisdiction j where j.leaf)
  select u.code, u.path from units x join jurisdiction u on u.code = x.code
  on conflict (code) do update set path = excluded.path where flag_county.path is distinct from excluded.path;
  -- (the unit of a leaf is never null: a code or a path element)
  delete from flag_county c
   where c.code not in (select shudi_flag_unit(j.level, j.code, j.path) from jurisdiction j where j.leaf);
  delete from flag_interval f where not exists (select 1 from flag_county c where c.code = f.county);
  delete from flag_count f where not exists (select 1 from flag_county c where c.code = f.county);
  delete from cover_interval f where not exists (select 1 from flag_county c where c.code = f.county);
  delete from work_interval f where not exists (select 1 from flag_county c where c.code = f.county);
  delete from work_leaf f where not exists (select 1 from flag_county c where c.code = f.county);
end
$fn$;
-- a write to the tree queues every unit that has flags stored or lists reaching it: the units reached are found
-- from the scopes that hold data (assignments, lists), not by a search of the tree per unit
create or replace function shudi_flag_mark_tree() returns trigger language plpgsql as $fn$
begin
  perform shudi_flag_units();
  insert into flag_refresh (county)
  with data_scope as materialized (
    select distinct code from (select a.scope_code as code from assignment a union select c.owner_code from catalogue c) x
  ), reached as materialized (
    -- the scopes holding data and every place above them: a unit among these has data at or under it
    select distinct unnest(j.path) as code from data_scope d join jurisdiction j on j.code = d.code
  )
  select c.code from flag_county c
   where exists (select 1 from flag_count f where f.county = c.code)
      or exists (select 1 from flag_interval f where f.county = c.code)
      or c.path && (select coalesce(array_agg(d.code), '{}') from data_scope d)
      or c.code in (select r.code from reached r)
  on conflict (county) do update set tx = excluded.tx, queued_at = excluded.queued_at;
  return null;
end
$fn$;`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
create or replace function shudi_flag_units() returns void language plpgsql as $fn$
begin
  insert into flag_county (code, path)
  select u.code, u.path from jurisdiction u
   where u.code in (select shudi_flag_unit(j.level, j.code, j.path) from jurisdiction j where j.leaf)
  on conflict (code) do update set path = excluded.path where flag_county.path is distinct from excluded.path;
  delete from flag_county c where not exists (
    select 1 from jurisdiction j where j.leaf and shudi_flag_unit(j.level, j.code, j.path) = c.code);
  delete from flag_interval f where not exists (select 1 from flag_county c where c.code = f.county);
  delete from flag_count f where not exists (select 1 from flag_county c where c.code = f.county);
  delete from cover_interval f where not exists (select 1 from flag_county c where c.code = f.county);
  delete from work_interval f where not exists (select 1 from flag_county c where c.code = f.county);
  delete from work_leaf f where not exists (select 1 from flag_county c where c.code = f.county);
end
$fn$;
create or replace function shudi_flag_mark_tree() returns trigger language plpgsql as $fn$
begin
  perform shudi_flag_units();
  insert into flag_refresh (county)
  select c.code from flag_county c
   where exists (select 1 from flag_count f where f.county = c.code)
      or exists (select 1 from flag_interval f where f.county = c.code)
      or shudi_flag_unit_has_data(c.code, c.path)
  on conflict (county) do update set tx = excluded.tx, queued_at = excluded.queued_at;
  return null;
end
$fn$;`);
  }
}
