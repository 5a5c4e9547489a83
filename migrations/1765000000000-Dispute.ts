import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC §10 职责争议: a dispute names an item, the places it concerns and the parties (bodies), gathers their
 * statements, and is ruled (裁定) or withdrawn. A ruling records the decision, who ruled and on what basis, and
 * the adjustment that carries it out (linked both ways: dispute.adjustment_id and adjustment.dispute_id).
 * The change feed gains the entity 'dispute' (every state change and statement).
 */
export class Dispute1765000000000 implements MigrationInterface {
  name = 'Dispute1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create table dispute (
  id bigint generated always as identity primary key,
  item_code varchar(64) not null references item(code),
  subject text not null,
  -- the party that raised it (one of the parties)
  raised_by varchar(64) not null references body(code),
  -- the lowest jurisdiction holding every place: where the feed and the lists file it
  scope_code varchar(9) not null references jurisdiction(code),
  state text not null default 'OPEN',
  opened_on date not null,
  decision text,
  ruling_basis text[] not null default '{}',
  ruled_by text,
  ruled_on date,
  adjustment_id bigint references adjustment(id),
  withdraw_reason text,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision integer not null default 1,
  constraint ck_dispute_state check (state in ('OPEN', 'RULED', 'WITHDRAWN')),
  constraint ck_dispute_subject check (btrim(subject) <> ''),
  constraint ck_dispute_ruling check ((state = 'RULED') = (decision is not null and ruled_on is not null))
);
create index ix_dispute_scope on dispute (scope_code, id);
create index ix_dispute_item on dispute (item_code);

create table dispute_place (
  dispute_id bigint not null references dispute(id) on delete cascade,
  jurisdiction_code varchar(9) not null references jurisdiction(code),
  constraint pk_dispute_place primary key (dispute_id, jurisdiction_code)
);
create index ix_dispute_place_jurisdiction on dispute_place (jurisdiction_code);

create table dispute_party (
  dispute_id bigint not null references dispute(id) on delete cascade,
  body_code varchar(64) not null references body(code),
  constraint pk_dispute_party primary key (dispute_id, body_code)
);
create index ix_dispute_party_body on dispute_party (body_code);

create table dispute_statement (
  id bigint generated always as identity primary key,
  dispute_id bigint not null references dispute(id) on delete cascade,
  body_code varchar(64) not null references body(code),
  text text not null,
  made_by text,
  made_at timestamptz not null default now(),
  constraint ck_dispute_statement_text check (btrim(text) <> '')
);
create index ix_dispute_statement_dispute on dispute_statement (dispute_id, id);

alter table adjustment add column dispute_id bigint references dispute(id);
create unique index uq_adjustment_dispute on adjustment (dispute_id) where dispute_id is not null;

do $$
declare def text;
begin
  select pg_get_constraintdef(oid) into def from pg_constraint where conname = 'ck_change_entity';
  execute 'alter table change drop constraint ck_change_entity';
  execute 'alter table change add constraint ck_change_entity ' || replace(def, ']))', ', ''dispute''::text]))');
end $$;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
delete from change where entity = 'dispute';
do $$
declare def text;
begin
  select pg_get_constraintdef(oid) into def from pg_constraint where conname = 'ck_change_entity';
  execute 'alter table change drop constraint ck_change_entity';
  execute 'alter table change add constraint ck_change_entity ' || replace(def, ', ''dispute''::text', '');
end $$;
drop index uq_adjustment_dispute;
alter table adjustment drop column dispute_id;
drop table dispute_statement;
drop table dispute_party;
drop table dispute_place;
drop table dispute;`);
  }
}
