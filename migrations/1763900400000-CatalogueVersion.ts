import { MigrationInterface, QueryRunner } from 'typeorm';

/** 动态调整: a published version freezes a catalogue (its record, entries and assignments) as it stood. */
export class CatalogueVersion1763900400000 implements MigrationInterface {
  name = 'CatalogueVersion1763900400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create table catalogue_version (
  catalogue_code varchar(64) not null references catalogue(code) on delete cascade,
  version integer not null,
  published_on date not null,
  published_at timestamptz not null default now(),
  note text,
  actor text,
  content jsonb not null,
  constraint pk_catalogue_version primary key (catalogue_code, version),
  constraint ck_catalogue_version_positive check (version > 0)
);
alter table change drop constraint ck_change_entity;
alter table change add constraint ck_change_entity
  check (entity in ('body', 'item', 'catalogue', 'entry', 'assignment', 'acknowledgement', 'version'));
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
delete from change where entity = 'version';
alter table change drop constraint ck_change_entity;
alter table change add constraint ck_change_entity
  check (entity in ('body', 'item', 'catalogue', 'entry', 'assignment', 'acknowledgement'));
drop table catalogue_version;`);
  }
}
