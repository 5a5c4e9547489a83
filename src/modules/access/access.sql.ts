/** Jurisdictions $1 with their ancestor paths (a record lies in scope S when S is on its path). */
export const PLACES_SQL = `select j.code, j.name, j.path from jurisdiction j where j.code = any($1::varchar[])`;

export interface PlaceRow {
  code: string;
  name: string;
  path: string[];
}

/** Stored owners of catalogues $1 (before the write; owners planned in the same write are added in TS). */
export const CATALOGUE_OWNERS_SQL = `select c.code, c.owner_code as owner from catalogue c where c.code = any($1::varchar[])`;

/**
 * Items are national. For each item $1, one place outside scope $2 that uses it (a catalogue listing it,
 * or an assignment of it reaching there), if any: changing such an item changes other jurisdictions' lists.
 */
export const ITEM_USES_OUTSIDE_SQL = `
select distinct on (u.item) u.item, u.place, j.name as "placeName", u.via
  from (select e.item_code as item, c.owner_code as place, 'catalogue ' || c.code as via
          from catalogue_entry e join catalogue c on c.code = e.catalogue_code
         where e.item_code = any($1::varchar[])
        union all
        select a.item_code, a.scope_code, 'assignment ' || a.id
          from assignment a
         where a.item_code = any($1::varchar[])) u
  join jurisdiction j on j.code = u.place
 where not (j.path @> array[$2::varchar])
 order by u.item, u.via`;

export interface ItemUseRow {
  item: string;
  place: string;
  placeName: string;
  via: string;
}
