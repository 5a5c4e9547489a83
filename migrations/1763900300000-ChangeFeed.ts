import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC §7: every write is recorded, in order, in the transaction of the write: what, before, after, who,
 * when, why. Writers hold one advisory lock while they write (see change.sql.ts), so ids are assigned in
 * commit order and a reader paging by id never skips or repeats a change.
 */
export class ChangeFeed1763900300000 implements MigrationInterface {
  name = 'ChangeFeed1763900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create table change (
  id bigint generated always as identity primary key,
  entity text not null,
  key text not null,
  operation text not null,
  before jsonb,
  after jsonb,
  -- the jurisdiction the record belongs to (null: national, e.g. items)
  scope_code varchar(9) references jurisdiction(code),
  actor text,
  reason text,
  at timestamptz not null default now(),
  constraint ck_change_entity check (entity in ('body', 'item', 'catalogue', 'entry', 'assignment', 'acknowledgement')),
  constraint ck_change_operation check (operation in ('CREATE', 'UPDATE', 'DELETE')),
  constraint ck_change_images check ((operation = 'CREATE') = (before is null) and (operation = 'DELETE') = (after is null))
);
create index ix_change_entity on change (entity, id);
create index ix_change_scope on change (scope_code, id);
create index ix_change_at on change (at);
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table change;`);
  }
}
