import { MigrationInterface, QueryRunner } from 'typeorm';

/** SPEC §6: a flag can be acknowledged (确认为合理) with a reason and an actor; it still exists. */
export class Acknowledgement1763900100000 implements MigrationInterface {
  name = 'Acknowledgement1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create table flag_acknowledgement (
  kind text not null,
  item_code varchar(64) not null references item(code) on delete cascade,
  jurisdiction_code varchar(9) not null references jurisdiction(code),
  reason text not null,
  actor text,
  acknowledged_at timestamptz not null default now(),
  constraint pk_flag_acknowledgement primary key (kind, item_code, jurisdiction_code),
  constraint ck_flag_acknowledgement_kind check (kind in ('OVERLAP_COUNTY_TOWNSHIP', 'OVERLAP_SAME_LEVEL',
    'GAP_NO_HOLDER', 'GAP_SUPPORT_ONLY', 'GAP_INACTIVE_PRIMARY', 'UNLISTED_TOWNSHIP_DUTY', 'ROLE_CONFLICT',
    'OUT_OF_JURISDICTION')),
  constraint ck_flag_acknowledgement_reason check (btrim(reason) <> '')
);
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table flag_acknowledgement;`);
  }
}
