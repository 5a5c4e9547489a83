import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coverage and workload read from the maintained store too (docs/decisions.md, "Coverage and workload from the
 * store"). Kept per unit (flag_county) beside the flags, computed by the same dated evaluation, replaced in the
 * same refresh:
 *
 * cover_interval: per (unit, leaf, item domain) over each date range where they are constant: the (item, leaf)
 *   pairs the rules saw (a holder or applicable), those applicable, and those applicable with an active PRIMARY.
 * work_interval: per (unit, body, role, item domain) over each date range where they are constant: the items the
 *   body actively holds at the unit's leaves in that role (sorted), the (item, leaf) pairs, the body's level and
 *   kind.
 * work_leaf: per (unit, body, item domain, and '*' for all domains) over each date range: the leaves where the
 *   body actively holds an item (of the domain).
 */
export class AnalysisStore1764810000000 implements MigrationInterface {
  name = 'AnalysisStore1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create table cover_interval (
  county varchar(9) not null,
  leaf varchar(9) not null,
  domain text not null,
  during daterange not null,
  pairs integer not null,
  applicable integer not null,
  owned integer not null
);
create index ix_cover_interval_county on cover_interval (county, leaf, domain);

create table work_interval (
  county varchar(9) not null,
  body varchar(64) not null,
  role text not null,
  domain text not null,
  during daterange not null,
  items varchar(64)[] not null,
  pairs integer not null,
  level text,
  kind text
);
create index ix_work_interval_county on work_interval (county, body);
create index ix_work_interval_body on work_interval (body);

create table work_leaf (
  county varchar(9) not null,
  body varchar(64) not null,
  domain text not null,
  during daterange not null,
  leaves integer not null
);
create index ix_work_leaf_county on work_leaf (county, body, domain);
create index ix_work_leaf_body on work_leaf (body, domain);

-- (re)builds the list of units from the tree; the rows of units that are gone go with them
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

-- every unit computed before is computed again, so that its coverage and workload are stored
insert into flag_refresh (county) select code from flag_county where computed_at is not null
on conflict (county) do nothing;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table cover_interval; drop table work_interval; drop table work_leaf;`);
  }
}
