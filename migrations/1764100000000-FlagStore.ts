import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The maintained analysis (docs/decisions.md, "Flags as dated intervals, maintained per county").
 *
 * flag_county: the units the store is kept by — a leaf's county (a township's parent: its county, or the city
 *   above a township directly under a city), or the leaf itself when it has no parent of that kind; when each
 *   was last computed (null: never).
 * flag_interval: per (county, item, leaf, kind) the date ranges over which the flag holds (coalesced).
 * flag_count: per (county, kind) the number of flags holding over each date range (n > 0 only).
 * flag_refresh: counties whose flags may be stale (the queue the writer and the background worker drain).
 *
 * Statement triggers on the list tables mark the counties a statement can change, in the writing transaction
 * (so a write can never leave the store silently stale); the queue notifies channel shudi_flags.
 */
export class FlagStore1764100000000 implements MigrationInterface {
  name = 'FlagStore1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
-- the generation-keyed snapshots this store replaces
drop table flag_snapshot;
drop table flag_snapshot_state;

create table flag_county (
  code varchar(9) primary key,
  path varchar(9)[] not null,
  computed_at timestamptz
);
create index ix_flag_county_path on flag_county using gin (path);

create table flag_interval (
  county varchar(9) not null,
  item varchar(64) not null,
  leaf varchar(9) not null,
  kind text not null,
  during daterange not null
);
create index ix_flag_interval_county on flag_interval (county, item, leaf, kind);
create index ix_flag_interval_item on flag_interval (item, leaf, kind);
create index ix_flag_interval_leaf on flag_interval (leaf, item, kind);

create table flag_count (
  county varchar(9) not null,
  kind text not null,
  during daterange not null,
  n integer not null
);
create index ix_flag_count_county on flag_count (county, kind);

create table flag_refresh (
  county varchar(9) primary key,
  -- the transaction that last asked for it (the writer refreshes what it asked for itself, when few)
  tx bigint not null default txid_current(),
  queued_at timestamptz not null default now()
);

-- the unit a leaf is kept under
create function shudi_flag_unit(level text, code varchar, path varchar[]) returns varchar
  language sql immutable as $fn$
  select case when level = 'TOWNSHIP' and cardinality(path) > 1 then path[cardinality(path) - 1] else code end
$fn$;

-- (re)builds the list of units from the tree
create function shudi_flag_units() returns void language plpgsql as $fn$
begin
  insert into flag_county (code, path)
  select u.code, u.path from jurisdiction u
   where u.code in (select shudi_flag_unit(j.level, j.code, j.path) from jurisdiction j where j.leaf)
  on conflict (code) do update set path = excluded.path where flag_county.path is distinct from excluded.path;
  delete from flag_county c where not exists (
    select 1 from jurisdiction j where j.leaf and shudi_flag_unit(j.level, j.code, j.path) = c.code);
  delete from flag_interval f where not exists (select 1 from flag_county c where c.code = f.county);
  delete from flag_count f where not exists (select 1 from flag_county c where c.code = f.county);
end
$fn$;

-- does anything of the lists reach this unit (an assignment or a list at it, above it or below it)?
create function shudi_flag_unit_has_data(unit varchar, unit_path varchar[]) returns boolean
  language sql stable as $fn$
  select exists (select 1 from assignment a where a.scope_code = any(unit_path))
      or exists (select 1 from catalogue c where c.owner_code = any(unit_path))
      or exists (select 1 from jurisdiction s join assignment a on a.scope_code = s.code
                  where s.path @> array[unit] and s.code <> unit)
      or exists (select 1 from jurisdiction s join catalogue c on c.owner_code = s.code
                  where s.path @> array[unit] and s.code <> unit)
$fn$;

-- queues the units in reach of some scopes (a scope reaches the units at, under and above it). checked: keep only
-- those that have flags stored or lists reaching them (any other unit has no flags before or after); unchecked
-- when the scopes are those of rows just written (those rows reach every such unit)
create function shudi_flag_mark_scopes(scopes varchar[], checked boolean) returns void language plpgsql as $fn$
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

-- the scopes a set of bodies acts at: assignments naming them or a predecessor of theirs, and the leaves they
-- govern (a township's -GOV body)
create function shudi_flag_mark_bodies(codes varchar[]) returns void language plpgsql as $fn$
begin
  perform shudi_flag_mark_scopes(array(
    with recursive pred(code, depth) as (
      select unnest(codes), 0
      union
      select b.code, p.depth + 1 from pred p join body b on b.successor_code = p.code where p.depth < 32
    )
    select a.scope_code from assignment a where a.body_code in (select code from pred)
    union
    select j.code from jurisdiction j join pred p on p.code = j.code || '-GOV'
  ), true);
end
$fn$;

create function shudi_flag_mark_assignment() returns trigger language plpgsql as $fn$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform shudi_flag_mark_scopes(array(select distinct scope_code from old_rows), true);
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    perform shudi_flag_mark_scopes(array(select distinct scope_code from new_rows), false);
  end if;
  return null;
end
$fn$;

create function shudi_flag_mark_catalogue() returns trigger language plpgsql as $fn$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform shudi_flag_mark_scopes(array(select distinct owner_code from old_rows), true);
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    perform shudi_flag_mark_scopes(array(select distinct owner_code from new_rows), false);
  end if;
  return null;
end
$fn$;

create function shudi_flag_mark_entry() returns trigger language plpgsql as $fn$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform shudi_flag_mark_scopes(array(
      select distinct c.owner_code from catalogue c where c.code in (select catalogue_code from old_rows)), true);
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    perform shudi_flag_mark_scopes(array(
      select distinct c.owner_code from catalogue c where c.code in (select catalogue_code from new_rows)), false);
  end if;
  return null;
end
$fn$;

create function shudi_flag_mark_body() returns trigger language plpgsql as $fn$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform shudi_flag_mark_bodies(array(select code from old_rows));
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    perform shudi_flag_mark_bodies(array(select code from new_rows));
  end if;
  return null;
end
$fn$;

create function shudi_flag_mark_item() returns trigger language plpgsql as $fn$
begin
  perform shudi_flag_mark_scopes(array(
    select a.scope_code from assignment a where a.item_code in (select code from new_rows)
    union
    select c.owner_code from catalogue c join catalogue_entry e on e.catalogue_code = c.code
     where e.item_code in (select code from new_rows)), true);
  return null;
end
$fn$;

-- the tree: units rebuilt, and every unit with something stored or reaching it queued
create function shudi_flag_mark_tree() returns trigger language plpgsql as $fn$
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
$fn$;

create function shudi_flag_notify() returns trigger language plpgsql as $fn$
begin
  perform pg_notify('shudi_flags', '');
  return null;
end
$fn$;

create trigger tg_assignment_flag_ins after insert on assignment referencing new table as new_rows
  for each statement execute function shudi_flag_mark_assignment();
create trigger tg_assignment_flag_upd after update on assignment referencing old table as old_rows new table as new_rows
  for each statement execute function shudi_flag_mark_assignment();
create trigger tg_assignment_flag_del after delete on assignment referencing old table as old_rows
  for each statement execute function shudi_flag_mark_assignment();

create trigger tg_catalogue_flag_ins after insert on catalogue referencing new table as new_rows
  for each statement execute function shudi_flag_mark_catalogue();
create trigger tg_catalogue_flag_upd after update on catalogue referencing old table as old_rows new table as new_rows
  for each statement execute function shudi_flag_mark_catalogue();
create trigger tg_catalogue_flag_del after delete on catalogue referencing old table as old_rows
  for each statement execute function shudi_flag_mark_catalogue();

create trigger tg_catalogue_entry_flag_ins after insert on catalogue_entry referencing new table as new_rows
  for each statement execute function shudi_flag_mark_entry();
create trigger tg_catalogue_entry_flag_upd after update on catalogue_entry referencing old table as old_rows new table as new_rows
  for each statement execute function shudi_flag_mark_entry();
create trigger tg_catalogue_entry_flag_del after delete on catalogue_entry referencing old table as old_rows
  for each statement execute function shudi_flag_mark_entry();

create trigger tg_body_flag_ins after insert on body referencing new table as new_rows
  for each statement execute function shudi_flag_mark_body();
create trigger tg_body_flag_upd after update on body referencing old table as old_rows new table as new_rows
  for each statement execute function shudi_flag_mark_body();
create trigger tg_body_flag_del after delete on body referencing old table as old_rows
  for each statement execute function shudi_flag_mark_body();

create trigger tg_item_flag_upd after update on item referencing new table as new_rows
  for each statement execute function shudi_flag_mark_item();

create trigger tg_jurisdiction_flag after insert or update or delete on jurisdiction
  for each statement execute function shudi_flag_mark_tree();

create trigger tg_flag_refresh_notify after insert or update on flag_refresh
  for each statement execute function shudi_flag_notify();

select shudi_flag_units();
-- a database that already holds lists: every unit they reach is computed by the worker
insert into flag_refresh (county)
select c.code from flag_county c where shudi_flag_unit_has_data(c.code, c.path)
on conflict do nothing;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
drop trigger tg_assignment_flag_ins on assignment;
drop trigger tg_assignment_flag_upd on assignment;
drop trigger tg_assignment_flag_del on assignment;
drop trigger tg_catalogue_flag_ins on catalogue;
drop trigger tg_catalogue_flag_upd on catalogue;
drop trigger tg_catalogue_flag_del on catalogue;
drop trigger tg_catalogue_entry_flag_ins on catalogue_entry;
drop trigger tg_catalogue_entry_flag_upd on catalogue_entry;
drop trigger tg_catalogue_entry_flag_del on catalogue_entry;
drop trigger tg_body_flag_ins on body;
drop trigger tg_body_flag_upd on body;
drop trigger tg_body_flag_del on body;
drop trigger tg_item_flag_upd on item;
drop trigger tg_jurisdiction_flag on jurisdiction;
drop trigger tg_flag_refresh_notify on flag_refresh;
drop function shudi_flag_notify();
drop function shudi_flag_mark_tree();
drop function shudi_flag_mark_item();
drop function shudi_flag_mark_body();
drop function shudi_flag_mark_entry();
drop function shudi_flag_mark_catalogue();
drop function shudi_flag_mark_assignment();
drop function shudi_flag_mark_bodies(varchar[]);
drop function shudi_flag_mark_scopes(varchar[], boolean);
drop function shudi_flag_unit_has_data(varchar, varchar[]);
drop function shudi_flag_units();
drop function shudi_flag_unit(text, varchar, varchar[]);
drop table flag_refresh;
drop table flag_count;
drop table flag_interval;
drop table flag_county;
create table flag_snapshot_state (
  as_of date not null,
  scope varchar(9) not null,
  generation bigint not null,
  computed_at timestamptz not null default now(),
  constraint pk_flag_snapshot_state primary key (as_of, scope, generation)
);
create table flag_snapshot (
  as_of date not null,
  scope varchar(9) not null,
  generation bigint not null,
  target varchar(9) not null,
  item varchar(64) not null,
  kind text not null,
  crowded_levels text[] not null default '{}',
  constraint fk_flag_snapshot_state foreign key (as_of, scope, generation)
    references flag_snapshot_state (as_of, scope, generation) on delete cascade
);
create index ix_flag_snapshot_key on flag_snapshot (as_of, scope, generation, item, target, kind);
`);
  }
}
