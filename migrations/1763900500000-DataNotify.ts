import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Servers cache query responses per data version (docs/decisions.md, "Response cache keyed by the data
 * version"). Every write to the lists bumps meta.generation, and every writer records a change (also
 * acknowledgements, which do not bump the generation): both now tell listening servers, once per transaction,
 * at commit, on channel shudi_data.
 */
export class DataNotify1763900500000 implements MigrationInterface {
  name = 'DataNotify1763900500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create function shudi_notify_data() returns trigger language plpgsql as $fn$
begin
  perform pg_notify('shudi_data', '');
  return null;
end
$fn$;
create trigger tg_meta_notify after insert or update or delete on meta
  for each statement execute function shudi_notify_data();
create trigger tg_change_notify after insert or update or delete on change
  for each statement execute function shudi_notify_data();
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
drop trigger tg_meta_notify on meta;
drop trigger tg_change_notify on change;
drop function shudi_notify_data();
`);
  }
}
