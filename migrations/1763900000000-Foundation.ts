import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC §1–4: jurisdictions, bodies, items, catalogues, entries and assignments, with every rule the
 * database can hold itself (foreign keys, checks, natural keys). Hand-written: see docs/decisions.md.
 */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create table meta (
  key text primary key,
  value text not null
);

create table jurisdiction (
  code varchar(9) primary key,
  name text not null,
  level text not null,
  parent_code varchar(9) references jurisdiction(code),
  -- codes from the province down to this jurisdiction itself: "under X" is path @> {X}, ancestors are path
  path varchar(9)[] not null,
  leaf boolean not null default true,
  constraint ck_jurisdiction_code check (code ~ '^[0-9]{6}([0-9]{3})?$' and code <> '000000'),
  constraint ck_jurisdiction_level check (level in ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP')),
  constraint ck_jurisdiction_code_level check ((level = 'TOWNSHIP') = (length(code) = 9)),
  constraint ck_jurisdiction_parent check ((level = 'PROVINCE') = (parent_code is null)),
  constraint ck_jurisdiction_path check (
    cardinality(path) between 1 and 4 and path[cardinality(path)] = code
    and (parent_code is null or path[cardinality(path) - 1] = parent_code)),
  constraint ck_jurisdiction_name check (btrim(name) <> '')
);
create index ix_jurisdiction_parent on jurisdiction (parent_code);
create index ix_jurisdiction_path on jurisdiction using gin (path);
create index ix_jurisdiction_level on jurisdiction (level);

-- Array columns of jurisdiction codes (serves, notApplicableIn, exceptIn) cannot carry a foreign key;
-- this trigger is their foreign key.
create function shudi_assert_jurisdictions() returns trigger language plpgsql as $fn$
declare
  codes varchar[];
  missing varchar;
begin
  execute format('select ($1).%I', tg_argv[0]) using new into codes;
  select c into missing from unnest(codes) c
   where not exists (select 1 from jurisdiction j where j.code = c) limit 1;
  if missing is not null then
    raise exception using errcode = '23503', constraint = 'fk_' || tg_table_name || '_' || tg_argv[0],
      message = format('%s.%s: jurisdiction "%s" does not exist', tg_table_name, tg_argv[0], missing);
  end if;
  return new;
end
$fn$;

create table body (
  code varchar(64) primary key,
  name text not null,
  jurisdiction_code varchar(9) not null references jurisdiction(code),
  kind text not null,
  parent_code varchar(64),
  serves varchar(9)[] not null default '{}',
  valid_from date,
  valid_to date,
  successor_code varchar(64),
  row_version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint fk_body_parent foreign key (parent_code) references body(code) deferrable initially deferred,
  constraint fk_body_successor foreign key (successor_code) references body(code) deferrable initially deferred,
  constraint ck_body_code check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
  constraint ck_body_name check (btrim(name) <> ''),
  constraint ck_body_kind check (kind in ('GOVERNMENT', 'DEPARTMENT', 'STATIONED', 'OTHER')),
  constraint ck_body_government check ((kind = 'GOVERNMENT') = (code = jurisdiction_code || '-GOV')),
  constraint ck_body_stationed check ((kind = 'STATIONED') = (parent_code is not null)),
  constraint ck_body_serves check (kind = 'STATIONED' or cardinality(serves) = 0),
  constraint ck_body_parent_self check (parent_code <> code),
  constraint ck_body_successor_self check (successor_code <> code),
  constraint ck_body_validity check (valid_from < valid_to)
);
create index ix_body_jurisdiction on body (jurisdiction_code);
create index ix_body_parent on body (parent_code) where parent_code is not null;
create index ix_body_successor on body (successor_code) where successor_code is not null;
create trigger tg_body_serves before insert or update of serves on body
  for each row when (cardinality(new.serves) > 0) execute function shudi_assert_jurisdictions('serves');

create table item (
  code varchar(64) primary key,
  name text not null,
  domain text not null,
  category text not null,
  basis text[] not null default '{}',
  description text,
  row_version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ck_item_code check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
  constraint ck_item_name check (btrim(name) <> ''),
  constraint ck_item_domain check (btrim(domain) <> ''),
  constraint ck_item_category check (category in ('LICENSING', 'PENALTY', 'COERCION', 'LEVY', 'BENEFIT',
    'ADJUDICATION', 'CONFIRMATION', 'REWARD', 'INSPECTION', 'OTHER_POWER', 'PUBLIC_SERVICE', 'TERRITORIAL'))
);
create index ix_item_domain on item (domain);

create table catalogue (
  code varchar(64) primary key,
  name text not null,
  owner_code varchar(9) not null references jurisdiction(code),
  kind text not null,
  guiding_code varchar(64),
  valid_from date,
  valid_to date,
  row_version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint fk_catalogue_guiding foreign key (guiding_code) references catalogue(code) deferrable initially deferred,
  constraint ck_catalogue_code check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
  constraint ck_catalogue_name check (btrim(name) <> ''),
  constraint ck_catalogue_kind check (kind in ('GUIDING', 'LOCAL')),
  constraint ck_catalogue_guiding_self check (guiding_code <> code),
  constraint ck_catalogue_guiding_local check (kind = 'LOCAL' or guiding_code is null),
  constraint ck_catalogue_validity check (valid_from < valid_to)
);
create index ix_catalogue_owner on catalogue (owner_code);

create table catalogue_entry (
  catalogue_code varchar(64) not null references catalogue(code) on delete cascade,
  item_code varchar(64) not null references item(code),
  not_applicable_in varchar(9)[] not null default '{}',
  valid_from date,
  valid_to date,
  -- local deviations (null: as the item says)
  name text,
  category text,
  basis text[],
  row_version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint pk_catalogue_entry primary key (catalogue_code, item_code),
  constraint ck_catalogue_entry_name check (btrim(name) <> ''),
  constraint ck_catalogue_entry_category check (category in ('LICENSING', 'PENALTY', 'COERCION', 'LEVY', 'BENEFIT',
    'ADJUDICATION', 'CONFIRMATION', 'REWARD', 'INSPECTION', 'OTHER_POWER', 'PUBLIC_SERVICE', 'TERRITORIAL')),
  constraint ck_catalogue_entry_validity check (valid_from < valid_to)
);
create index ix_catalogue_entry_item on catalogue_entry (item_code);
create trigger tg_catalogue_entry_not_applicable_in before insert or update of not_applicable_in on catalogue_entry
  for each row when (cardinality(new.not_applicable_in) > 0)
  execute function shudi_assert_jurisdictions('not_applicable_in');

create table assignment (
  id bigint generated always as identity primary key,
  item_code varchar(64) not null references item(code),
  scope_code varchar(9) not null references jurisdiction(code),
  body_code varchar(64) references body(code),
  relative text,
  -- one text for either kind of holder, so the natural key can be a plain unique constraint
  holder text generated always as (coalesce(body_code, '@' || relative)) stored,
  role text not null,
  duty text,
  valid_from date,
  valid_to date,
  except_in varchar(9)[] not null default '{}',
  catalogue_code varchar(64) references catalogue(code),
  basis text[] not null default '{}',
  note text,
  row_version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ck_assignment_holder check ((body_code is null) <> (relative is null)),
  constraint ck_assignment_relative check (relative in ('TOWNSHIP_GOVERNMENT')),
  constraint ck_assignment_role check (role in ('PRIMARY', 'SUPPORTING', 'SUPERVISING')),
  constraint ck_assignment_validity check (valid_from < valid_to),
  constraint uq_assignment_natural_key unique nulls not distinct (item_code, scope_code, holder, role, valid_from)
);
create index ix_assignment_scope on assignment (scope_code);
create index ix_assignment_body on assignment (body_code) where body_code is not null;
create index ix_assignment_catalogue on assignment (catalogue_code) where catalogue_code is not null;
create trigger tg_assignment_except_in before insert or update of except_in on assignment
  for each row when (cardinality(new.except_in) > 0) execute function shudi_assert_jurisdictions('except_in');
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
drop table assignment;
drop table catalogue_entry;
drop table catalogue;
drop table item;
drop table body;
drop function shudi_assert_jurisdictions();
drop table jurisdiction;
drop table meta;
`);
  }
}
