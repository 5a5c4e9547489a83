import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The flag store keeps each flag's bodies beside its date range (docs/decisions.md, "Flags as dated intervals,
 * maintained per county"), so a page of flags is read, not resolved again. An interval now holds one set of
 * bodies: where the bodies change while the flag holds, the flag has two intervals. Every unit computed before
 * is queued once so its intervals gain their bodies.
 */
export class FlagStoreBodies1764800000000 implements MigrationInterface {
  name = 'FlagStoreBodies1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
alter table flag_interval add column bodies varchar[] not null default '{}';
insert into flag_refresh (county) select code from flag_county where computed_at is not null
on conflict (county) do nothing;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table flag_interval drop column bodies`);
  }
}
