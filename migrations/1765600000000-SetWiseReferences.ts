import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The references of the big list tables checked once per statement instead of once per row (issue 11).
 *
 * A foreign key checks each inserted row with its own index probe (PostgreSQL's RI triggers are row
 * triggers): for 山东's 37,749 assignments its four keys cost ~1 s, the entries' two ~0.4 s, the change feed's
 * `scope_code` ~0.6 s over the import. These keys become statement-level triggers with transition tables:
 * one anti-join per statement over the rows it wrote, raising the error the key raised (SQLSTATE 23503, the
 * same constraint name, PostgreSQL's message and detail). The referenced side keeps its guarantee the same way:
 * deleting (or renaming) a row still referenced is refused with the key's error, and deleting a catalogue still
 * deletes its entries (the key was `on delete cascade`). Every writer goes through these triggers, not only the
 * import.
 *
 * The jurisdiction codes inside array columns (`serves`, `not_applicable_in`, `except_in`) move from row
 * triggers (dynamic SQL per row) to statement triggers of the same errors.
 */

/** A key checked by statements: name, referencing table and column, referenced table and column. */
interface Key {
  name: string;
  table: string;
  column: string;
  refTable: string;
  refColumn: string;
  cascade?: boolean;
}

const KEYS: Key[] = [
  { name: 'assignment_item_code_fkey', table: 'assignment', column: 'item_code', refTable: 'item', refColumn: 'code' },
  { name: 'assignment_scope_code_fkey', table: 'assignment', column: 'scope_code', refTable: 'jurisdiction', refColumn: 'code' },
  { name: 'assignment_body_code_fkey', table: 'assignment', column: 'body_code', refTable: 'body', refColumn: 'code' },
  { name: 'assignment_catalogue_code_fkey', table: 'assignment', column: 'catalogue_code', refTable: 'catalogue', refColumn: 'code' },
  {
    name: 'catalogue_entry_catalogue_code_fkey',
    table: 'catalogue_entry',
    column: 'catalogue_code',
    refTable: 'catalogue',
    refColumn: 'code',
    cascade: true,
  },
  { name: 'catalogue_entry_item_code_fkey', table: 'catalogue_entry', column: 'item_code', refTable: 'item', refColumn: 'code' },
  { name: 'change_scope_code_fkey', table: 'change', column: 'scope_code', refTable: 'jurisdiction', refColumn: 'code' },
];

const ARRAYS: [table: string, column: string][] = [
  ['body', 'serves'],
  ['catalogue_entry', 'not_applicable_in'],
  ['assignment', 'except_in'],
];

const by = <T>(xs: T[], f: (x: T) => string) =>
  xs.reduce((m, x) => m.set(f(x), [...(m.get(f(x)) ?? []), x]), new Map<string, T[]>());
const lit = (s: string) => `'${s}'`;

export class SetWiseReferences1765600000000 implements MigrationInterface {
  name = 'SetWiseReferences1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
-- the referencing side: tg_argv in fours (constraint, column, referenced table, referenced column)
create function shudi_assert_refs() returns trigger language plpgsql as $$
declare
  missing text;
begin
  for i in 0 .. tg_nargs / 4 - 1 loop
    execute format(
      'select d.v::text from (select distinct n.%1$I as v from new_rows n where n.%1$I is not null) d
          where not exists (select 1 from %2$I r where r.%3$I = d.v) limit 1',
      tg_argv[i * 4 + 1], tg_argv[i * 4 + 2], tg_argv[i * 4 + 3]) into missing;
    if missing is not null then
      raise exception using errcode = '23503', constraint = tg_argv[i * 4], table = tg_table_name,
        message = format('insert or update on table "%s" violates foreign key constraint "%s"', tg_table_name, tg_argv[i * 4]),
        detail = format('Key (%s)=(%s) is not present in table "%s".', tg_argv[i * 4 + 1], missing, tg_argv[i * 4 + 2]);
    end if;
  end loop;
  return null;
end $$;

-- the referenced side: tg_argv in fours (constraint, referencing table, referencing column, own key column);
-- a statement trigger over the deleted rows, or a row trigger over a key that changed
create function shudi_assert_unreferenced() returns trigger language plpgsql as $$
declare
  still text;
begin
  for i in 0 .. tg_nargs / 4 - 1 loop
    if tg_level = 'STATEMENT' then
      execute format(
        'select o.%1$I::text from old_rows o
          where exists (select 1 from %2$I r where r.%3$I = o.%1$I)
            and not exists (select 1 from %4$I x where x.%1$I = o.%1$I) limit 1',
        tg_argv[i * 4 + 3], tg_argv[i * 4 + 1], tg_argv[i * 4 + 2], tg_table_name) into still;
    else
      execute format(
        'select $1::text where exists (select 1 from %1$I r where r.%2$I = $1)
            and not exists (select 1 from %3$I x where x.%4$I = $1)',
        tg_argv[i * 4 + 1], tg_argv[i * 4 + 2], tg_table_name, tg_argv[i * 4 + 3])
        into still using to_jsonb(old) ->> tg_argv[i * 4 + 3];
    end if;
    if still is not null then
      raise exception using errcode = '23503', constraint = tg_argv[i * 4], table = tg_argv[i * 4 + 1],
        message = format('update or delete on table "%s" violates foreign key constraint "%s" on table "%s"',
                         tg_table_name, tg_argv[i * 4], tg_argv[i * 4 + 1]),
        detail = format('Key (%s)=(%s) is still referenced from table "%s".', tg_argv[i * 4 + 3], still, tg_argv[i * 4 + 1]);
    end if;
  end loop;
  return null;
end $$;

-- what "on delete cascade" did: a catalogue's entries go with it
create function shudi_cascade_catalogue_entries() returns trigger language plpgsql as $$
begin
  delete from catalogue_entry e using old_rows o where e.catalogue_code = o.code;
  return null;
end $$;

-- jurisdiction codes inside an array column (tg_argv[0]), over the statement's rows
create or replace function shudi_assert_jurisdiction_arrays() returns trigger language plpgsql as $$
declare
  missing varchar;
begin
  execute format(
    'select c from new_rows n cross join lateral unnest(n.%1$I) c
      where cardinality(n.%1$I) > 0 and not exists (select 1 from jurisdiction j where j.code = c) limit 1',
    tg_argv[0]) into missing;
  if missing is not null then
    raise exception using errcode = '23503', constraint = 'fk_' || tg_table_name || '_' || tg_argv[0],
      message = format('%s.%s: jurisdiction "%s" does not exist', tg_table_name, tg_argv[0], missing);
  end if;
  return null;
end $$;`);

    for (const k of KEYS) await q.query(`alter table ${k.table} drop constraint ${k.name}`);
    for (const [table, keys] of by(KEYS, (k) => k.table)) {
      const args = keys.flatMap((k) => [k.name, k.column, k.refTable, k.refColumn]).map(lit).join(', ');
      for (const [event, suffix] of [
        ['insert', 'ins'],
        ['update', 'upd'],
      ])
        await q.query(
          `create trigger tg_${table}_refs_${suffix} after ${event} on ${table} referencing new table as new_rows
             for each statement execute function shudi_assert_refs(${args})`,
        );
    }
    for (const [refTable, keys] of by(KEYS.filter((k) => !k.cascade), (k) => k.refTable)) {
      const args = keys.flatMap((k) => [k.name, k.table, k.column, k.refColumn]).map(lit).join(', ');
      await q.query(
        `create trigger tg_${refTable}_referenced_del after delete on ${refTable} referencing old table as old_rows
           for each statement execute function shudi_assert_unreferenced(${args})`,
      );
      await q.query(
        `create trigger tg_${refTable}_referenced_upd after update of ${keys[0].refColumn} on ${refTable}
           for each row when (old.${keys[0].refColumn} is distinct from new.${keys[0].refColumn})
           execute function shudi_assert_unreferenced(${args})`,
      );
    }
    // the cascade runs before the referenced-side check of the catalogue (triggers fire in name order)
    await q.query(
      `create trigger tg_catalogue_entries_cascade after delete on catalogue referencing old table as old_rows
         for each statement execute function shudi_cascade_catalogue_entries()`,
    );

    for (const [table, column] of ARRAYS) {
      await q.query(`drop trigger tg_${table}_${column} on ${table}`);
      for (const [event, suffix] of [
        ['insert', 'ins'],
        ['update', 'upd'],
      ])
        await q.query(
          `create trigger tg_${table}_${column}_${suffix} after ${event} on ${table} referencing new table as new_rows
             for each statement execute function shudi_assert_jurisdiction_arrays('${column}')`,
        );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of ARRAYS) {
      await q.query(`drop trigger tg_${table}_${column}_ins on ${table}; drop trigger tg_${table}_${column}_upd on ${table}`);
      await q.query(
        `create trigger tg_${table}_${column} before insert or update of ${column} on ${table}
           for each row when (cardinality(new.${column}) > 0) execute function shudi_assert_jurisdictions('${column}')`,
      );
    }
    await q.query('drop trigger tg_catalogue_entries_cascade on catalogue');
    for (const refTable of by(KEYS.filter((k) => !k.cascade), (k) => k.refTable).keys())
      await q.query(`drop trigger tg_${refTable}_referenced_del on ${refTable}; drop trigger tg_${refTable}_referenced_upd on ${refTable}`);
    for (const table of by(KEYS, (k) => k.table).keys())
      await q.query(`drop trigger tg_${table}_refs_ins on ${table}; drop trigger tg_${table}_refs_upd on ${table}`);
    for (const k of KEYS)
      await q.query(
        `alter table ${k.table} add constraint ${k.name} foreign key (${k.column}) references ${k.refTable} (${k.refColumn})${k.cascade ? ' on delete cascade' : ''}`,
      );
    await q.query(`drop function shudi_assert_jurisdiction_arrays(); drop function shudi_cascade_catalogue_entries();
                   drop function shudi_assert_unreferenced(); drop function shudi_assert_refs()`);
  }
}
