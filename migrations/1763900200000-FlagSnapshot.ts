import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flag listings over a whole province or the nation reuse a snapshot of the flags of a (date, scope),
 * valid while the data generation it was computed at is current. Every write to the lists bumps the
 * generation in the same transaction (statement triggers), so a snapshot is never stale.
 * See docs/decisions.md ("Flags: live CTE plus generation-keyed snapshots").
 */
export class FlagSnapshot1763900200000 implements MigrationInterface {
  name = 'FlagSnapshot1763900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
insert into meta (key, value) values ('generation', '1') on conflict (key) do nothing;

create function shudi_bump_generation() returns trigger language plpgsql as $fn$
begin
  update meta set value = (value::bigint + 1)::text where key = 'generation';
  return null;
end
$fn$;

create trigger tg_body_generation after insert or update or delete on body
  for each statement execute function shudi_bump_generation();
create trigger tg_item_generation after insert or update or delete on item
  for each statement execute function shudi_bump_generation();
create trigger tg_catalogue_generation after insert or update or delete on catalogue
  for each statement execute function shudi_bump_generation();
create trigger tg_catalogue_entry_generation after insert or update or delete on catalogue_entry
  for each statement execute function shudi_bump_generation();
create trigger tg_assignment_generation after insert or update or delete on assignment
  for each statement execute function shudi_bump_generation();

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

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
drop table flag_snapshot;
drop table flag_snapshot_state;
drop trigger tg_body_generation on body;
drop trigger tg_item_generation on item;
drop trigger tg_catalogue_generation on catalogue;
drop trigger tg_catalogue_entry_generation on catalogue_entry;
drop trigger tg_assignment_generation on assignment;
drop function shudi_bump_generation();
delete from meta where key = 'generation';
`);
  }
}
