import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC §10 动态调整: an adjustment holds its proposed changes (interchange documents, one per labelled
 * change) until it is applied; the bodies consulted answer in adjustment_opinion; the version an applied
 * adjustment publishes names it. The change feed gains the entity 'adjustment' (every state change).
 */
export class Adjustment1764600000000 implements MigrationInterface {
  name = 'Adjustment1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create table adjustment (
  id bigint generated always as identity primary key,
  catalogue_code varchar(64) not null references catalogue(code),
  -- the catalogue's owner when the adjustment was made: the scope it is listed under
  owner_code varchar(9) not null references jurisdiction(code),
  applicant_code varchar(64) not null references body(code),
  state text not null default 'DRAFT',
  reason text not null,
  basis text[] not null default '{}',
  trigger text not null,
  triggered_on date,
  effective_from date not null,
  changes jsonb not null,
  -- the last change-feed id when it was submitted: a later change to one of its records makes it stale
  submitted_change bigint,
  submitted_at timestamptz,
  override_reason text,
  decided_by text,
  decision_reason text,
  applied_version integer,
  applied_impact jsonb,
  created_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  revision integer not null default 1,
  constraint ck_adjustment_state check (state in ('DRAFT', 'SUBMITTED', 'CONSULTING', 'APPROVED', 'APPLIED', 'REJECTED', 'WITHDRAWN')),
  constraint ck_adjustment_trigger check (trigger in ('LAW', 'POLICY', 'PRACTICE')),
  constraint ck_adjustment_reason check (btrim(reason) <> '')
);
create index ix_adjustment_owner on adjustment (owner_code, id);
create index ix_adjustment_applicant on adjustment (applicant_code, id);

create table adjustment_opinion (
  adjustment_id bigint not null references adjustment(id) on delete cascade,
  body_code varchar(64) not null references body(code),
  agrees boolean,
  text text,
  answered_by text,
  answered_at timestamptz,
  constraint pk_adjustment_opinion primary key (adjustment_id, body_code),
  constraint ck_adjustment_opinion_answer check ((agrees is null) = (answered_at is null))
);

alter table catalogue_version add column adjustment_id bigint references adjustment(id);

-- add 'adjustment' to whatever entities the feed allows now (other migrations may have added theirs)
do $$
declare def text;
begin
  select pg_get_constraintdef(oid) into def from pg_constraint where conname = 'ck_change_entity';
  execute 'alter table change drop constraint ck_change_entity';
  execute 'alter table change add constraint ck_change_entity ' || replace(def, ']))', ', ''adjustment''::text]))');
end $$;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
delete from change where entity = 'adjustment';
do $$
declare def text;
begin
  select pg_get_constraintdef(oid) into def from pg_constraint where conname = 'ck_change_entity';
  execute 'alter table change drop constraint ck_change_entity';
  execute 'alter table change add constraint ck_change_entity ' || replace(def, ', ''adjustment''::text', '');
end $$;
alter table catalogue_version drop column adjustment_id;
drop table adjustment_opinion;
drop table adjustment;`);
  }
}
