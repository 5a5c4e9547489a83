import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A foreign key also refuses TRUNCATE of the referenced table while the referencing one keeps rows (unless both
 * are truncated together). The keys made statement triggers (1765600000000-SetWiseReferences) keep that: after a
 * TRUNCATE of an item, body, catalogue or jurisdiction table (AFTER TRUNCATE fires once every table the command
 * names is empty), a referencing table that still has rows raises the key's error. `truncate … cascade` follows
 * only real foreign keys: name the referencing tables too.
 */
const REFS: [refTable: string, keys: [name: string, table: string][]][] = [
  ['item', [['assignment_item_code_fkey', 'assignment'], ['catalogue_entry_item_code_fkey', 'catalogue_entry']]],
  ['body', [['assignment_body_code_fkey', 'assignment']]],
  ['catalogue', [['assignment_catalogue_code_fkey', 'assignment'], ['catalogue_entry_catalogue_code_fkey', 'catalogue_entry']]],
  ['jurisdiction', [['assignment_scope_code_fkey', 'assignment'], ['change_scope_code_fkey', 'change']]],
];

export class SetWiseReferencesTruncate1765600300000 implements MigrationInterface {
  name = 'SetWiseReferencesTruncate1765600300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
-- tg_argv in pairs (constraint, referencing table)
create function shudi_assert_unreferenced_truncate() returns trigger language plpgsql as $$
declare
  kept boolean;
begin
  for i in 0 .. tg_nargs / 2 - 1 loop
    execute format('select exists (select 1 from %I)', tg_argv[i * 2 + 1]) into kept;
    if kept then
      raise exception using errcode = '23503', constraint = tg_argv[i * 2], table = tg_argv[i * 2 + 1],
        message = format('cannot truncate a table referenced in a foreign key constraint "%s"', tg_argv[i * 2]),
        detail = format('Table "%s" references "%s".', tg_argv[i * 2 + 1], tg_table_name),
        hint = format('Truncate table "%s" at the same time.', tg_argv[i * 2 + 1]);
    end if;
  end loop;
  return null;
end $$;`);
    for (const [refTable, keys] of REFS) {
      const args = keys.flatMap(([name, table]) => [name, table]).map((s) => `'${s}'`).join(', ');
      await q.query(
        `create trigger tg_${refTable}_referenced_truncate after truncate on ${refTable}
           for each statement execute function shudi_assert_unreferenced_truncate(${args})`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [refTable] of REFS) await q.query(`drop trigger tg_${refTable}_referenced_truncate on ${refTable}`);
    await q.query('drop function shudi_assert_unreferenced_truncate()');
  }
}
