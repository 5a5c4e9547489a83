import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC §8: township duty lists (catalogues of kind DUTY, entries with part / lead / takenBy / duty) and
 * empowerments (赋权), and the five flag kinds they add. The rule that an item appears in only one entry in
 * force of an owner's DUTY lists at any date spans rows and windows: the writer checks it (import.check).
 */
export class DutyList1764200000000 implements MigrationInterface {
  name = 'DutyList1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
alter table catalogue drop constraint ck_catalogue_kind;
alter table catalogue add constraint ck_catalogue_kind check (kind in ('GUIDING', 'LOCAL', 'DUTY'));

-- a DUTY list is owned by a township, a county, or a city without counties (whose townships hang under it)
create function shudi_assert_duty_owner() returns trigger language plpgsql as $fn$
begin
  if new.kind = 'DUTY' and not exists (
    select 1 from jurisdiction j where j.code = new.owner_code
       and (j.level in ('TOWNSHIP', 'COUNTY')
            or (j.level = 'CITY' and exists (select 1 from jurisdiction c where c.parent_code = j.code and c.level = 'TOWNSHIP')))) then
    raise exception using errcode = '23514', constraint = 'ck_catalogue_duty_owner',
      message = format('catalogue %s: a DUTY list is owned by a township, a county or a city without counties, not %s',
                       new.code, new.owner_code);
  end if;
  return new;
end
$fn$;
create trigger tg_catalogue_duty_owner before insert or update of kind, owner_code on catalogue
  for each row when (new.kind = 'DUTY') execute function shudi_assert_duty_owner();

alter table catalogue_entry
  add column part text,
  add column lead_code varchar(64),
  add column taken_by_code varchar(64),
  add column duty text,
  add constraint fk_catalogue_entry_lead foreign key (lead_code) references body(code) deferrable initially deferred,
  add constraint fk_catalogue_entry_taken_by foreign key (taken_by_code) references body(code) deferrable initially deferred,
  add constraint ck_catalogue_entry_part check (part in ('BASIC', 'COOPERATING', 'RECLAIMED')),
  add constraint ck_catalogue_entry_lead check (coalesce(part = 'COOPERATING', false) = (lead_code is not null)),
  add constraint ck_catalogue_entry_taken_by check (coalesce(part = 'RECLAIMED', false) = (taken_by_code is not null)),
  add constraint ck_catalogue_entry_duty check (btrim(duty) <> '');
create index ix_catalogue_entry_lead on catalogue_entry (lead_code) where lead_code is not null;
create index ix_catalogue_entry_taken_by on catalogue_entry (taken_by_code) where taken_by_code is not null;

-- an entry of a DUTY list has a part; an entry of any other list has none of the duty columns
create function shudi_assert_entry_part() returns trigger language plpgsql as $fn$
declare
  k text;
begin
  select c.kind into k from catalogue c where c.code = new.catalogue_code;
  if (k = 'DUTY') <> (new.part is not null) or (k <> 'DUTY' and new.duty is not null) then
    raise exception using errcode = '23514', constraint = 'ck_catalogue_entry_part_kind',
      message = format('entry %s / %s: an entry has a part (and a duty) exactly when its catalogue is a DUTY list',
                       new.catalogue_code, new.item_code);
  end if;
  return new;
end
$fn$;
create constraint trigger tg_catalogue_entry_part_kind after insert or update on catalogue_entry
  deferrable initially deferred for each row execute function shudi_assert_entry_part();

create table empowerment (
  id bigint generated always as identity primary key,
  item_code varchar(64) not null references item(code),
  scope_code varchar(9) not null references jurisdiction(code),
  mode text not null,
  basis text[] not null default '{}',
  valid_from date,
  valid_to date,
  except_in varchar(9)[] not null default '{}',
  note text,
  row_version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ck_empowerment_mode check (mode in ('DELEGATED', 'ENTRUSTED', 'CONCENTRATED')),
  constraint ck_empowerment_validity check (valid_from < valid_to),
  constraint uq_empowerment_natural_key unique nulls not distinct (item_code, scope_code, mode, valid_from)
);
create index ix_empowerment_scope on empowerment (scope_code);
create trigger tg_empowerment_except_in before insert or update of except_in on empowerment
  for each row when (cardinality(new.except_in) > 0) execute function shudi_assert_jurisdictions('except_in');
create trigger tg_empowerment_generation after insert or update or delete on empowerment
  for each statement execute function shudi_bump_generation();

alter table change drop constraint ck_change_entity;
alter table change add constraint ck_change_entity
  check (entity in ('body', 'item', 'catalogue', 'entry', 'assignment', 'empowerment', 'acknowledgement', 'version'));

alter table flag_acknowledgement drop constraint ck_flag_acknowledgement_kind;
alter table flag_acknowledgement add constraint ck_flag_acknowledgement_kind check (kind in ('OVERLAP_COUNTY_TOWNSHIP',
  'OVERLAP_SAME_LEVEL', 'GAP_NO_HOLDER', 'GAP_SUPPORT_ONLY', 'GAP_INACTIVE_PRIMARY', 'UNLISTED_TOWNSHIP_DUTY',
  'ROLE_CONFLICT', 'OUT_OF_JURISDICTION', 'RECLAIMED_STILL_ASSIGNED', 'DUTY_NOT_LISTED', 'COOPERATION_WITHOUT_LEAD',
  'BASIC_LED_ABOVE', 'POWER_WITHOUT_EMPOWERMENT'));
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
delete from flag_acknowledgement where kind in ('RECLAIMED_STILL_ASSIGNED', 'DUTY_NOT_LISTED', 'COOPERATION_WITHOUT_LEAD',
  'BASIC_LED_ABOVE', 'POWER_WITHOUT_EMPOWERMENT');
alter table flag_acknowledgement drop constraint ck_flag_acknowledgement_kind;
alter table flag_acknowledgement add constraint ck_flag_acknowledgement_kind check (kind in ('OVERLAP_COUNTY_TOWNSHIP',
  'OVERLAP_SAME_LEVEL', 'GAP_NO_HOLDER', 'GAP_SUPPORT_ONLY', 'GAP_INACTIVE_PRIMARY', 'UNLISTED_TOWNSHIP_DUTY',
  'ROLE_CONFLICT', 'OUT_OF_JURISDICTION'));
delete from change where entity = 'empowerment';
alter table change drop constraint ck_change_entity;
alter table change add constraint ck_change_entity
  check (entity in ('body', 'item', 'catalogue', 'entry', 'assignment', 'acknowledgement', 'version'));
drop table empowerment;
drop trigger tg_catalogue_entry_part_kind on catalogue_entry;
drop function shudi_assert_entry_part();
alter table catalogue_entry drop column part, drop column lead_code, drop column taken_by_code, drop column duty;
drop trigger tg_catalogue_duty_owner on catalogue;
drop function shudi_assert_duty_owner();
delete from catalogue where kind = 'DUTY';
alter table catalogue drop constraint ck_catalogue_kind;
alter table catalogue add constraint ck_catalogue_kind check (kind in ('GUIDING', 'LOCAL'));
`);
  }
}
