import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The maintained flag store learns the township duty lists and empowerments (SPEC §8).
 *
 * - An empowerment reaches its scope's subtree: a statement on `empowerment` queues the units of its scopes.
 * - A body matters to a unit also as the `lead` or `takenBy` of a duty-list entry owned at, above or below it:
 *   `shudi_flag_mark_bodies` follows those entries too (and their predecessors, as before).
 * - Units stored before the §8 kinds existed are queued once, so every stored interval includes them.
 */
export class FlagStoreDuty1764700000000 implements MigrationInterface {
  name = 'FlagStoreDuty1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create or replace function shudi_flag_mark_bodies(codes varchar[]) returns void language plpgsql as $fn$
begin
  perform shudi_flag_mark_scopes(array(
    with recursive pred(code, depth) as (
      select unnest(codes), 0
      union
      select b.code, p.depth + 1 from pred p join body b on b.successor_code = p.code where p.depth < 32
    )
    select a.scope_code from assignment a where a.body_code in (select code from pred)
    union
    select c.owner_code from catalogue_entry e join catalogue c on c.code = e.catalogue_code
     where e.lead_code in (select code from pred) or e.taken_by_code in (select code from pred)
    union
    select j.code from jurisdiction j join pred p on p.code = j.code || '-GOV'
  ), true);
end
$fn$;

create function shudi_flag_mark_empowerment() returns trigger language plpgsql as $fn$
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

create trigger tg_empowerment_flag_ins after insert on empowerment referencing new table as new_rows
  for each statement execute function shudi_flag_mark_empowerment();
create trigger tg_empowerment_flag_upd after update on empowerment referencing old table as old_rows new table as new_rows
  for each statement execute function shudi_flag_mark_empowerment();
create trigger tg_empowerment_flag_del after delete on empowerment referencing old table as old_rows
  for each statement execute function shudi_flag_mark_empowerment();

-- units computed before the §8 kinds existed are computed again
insert into flag_refresh (county)
select c.code from flag_county c
 where c.computed_at is not null or shudi_flag_unit_has_data(c.code, c.path)
on conflict do nothing;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
drop trigger tg_empowerment_flag_ins on empowerment;
drop trigger tg_empowerment_flag_upd on empowerment;
drop trigger tg_empowerment_flag_del on empowerment;
drop function shudi_flag_mark_empowerment();
create or replace function shudi_flag_mark_bodies(codes varchar[]) returns void language plpgsql as $fn$
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
`);
  }
}
