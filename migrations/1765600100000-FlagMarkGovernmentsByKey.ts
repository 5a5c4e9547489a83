import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The flag store's marking of written bodies finds the township a `-GOV` body governs by its key
 * (`j.code = left(code, -4)` for codes ending in `-GOV`) instead of joining on `j.code || '-GOV'`, which no
 * index serves: that read and sorted all 44,700 jurisdictions for every statement writing bodies (~120 ms of
 * an import's body statement). The same places are marked: `j.code || '-GOV' = p.code` holds exactly when
 * `p.code` ends in `-GOV` and `j.code` is the rest of it.
 */
const BODY = (government: string) => `
create or replace function shudi_flag_mark_bodies(codes varchar[]) returns void language plpgsql as $fn$
begin
  perform shudi_flag_mark_scopes(array(
    with recursive pred(code, depth) as (
      select unnest(codes), 0
      union
      select b.code, p.depth + 1 from pred p join body b on b.successor_code = p.code where p.depth < 32
    )
    select a.scope_code from assignment a where a.body_code in (select code from pred)
    union
    select c.owner_code from catalogue_entry e join catalogue c on c.code = e.catalogue_code
     where e.lead_code in (select code from pred) or e.taken_by_code in (select code from pred)
    union
    ${government}
  ), true);
end
$fn$;`;

export class FlagMarkGovernmentsByKey1765600100000 implements MigrationInterface {
  name = 'FlagMarkGovernmentsByKey1765600100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      BODY(`select j.code from jurisdiction j join pred p on p.code like '%-GOV' and j.code = left(p.code, -4)`),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(BODY(`select j.code from jurisdiction j join pred p on p.code = j.code || '-GOV'`));
  }
}
