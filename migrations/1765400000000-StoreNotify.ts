import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refresh of the maintained store changes what flags, coverage and workload answer without a change record
 * or a generation bump, so cached answers keyed by the data version would outlive it (an answer computed while
 * a county was pending stayed cached after its refresh). The data version now includes the store's last
 * computation (src/db/data-version.ts), and a refresh tells listening servers at its commit, like every other
 * write, on channel shudi_data.
 */
export class StoreNotify1765400000000 implements MigrationInterface {
  name = 'StoreNotify1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create trigger tg_flag_county_notify after insert or update or delete on flag_county
  for each statement execute function shudi_notify_data();`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger tg_flag_county_notify on flag_county;`);
  }
}
