import type { Db } from '../../src/db/database';

/**
 * Everything a write could touch, one fingerprint per table (row count and content), plus the change
 * feed's length and the lists' generation: equal fingerprints mean nothing at all was written. Bodies are
 * hashed within 烟台市 (codes 3706…, where every test record lies; an index range); a write to any other body would still
 * bump `meta.generation` (statement triggers on every list table) and add to the change feed.
 */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const rows = await db.query<{ t: string; h: string }>(`
    select 'body' as t, count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x.code), '')) as h
      from body x where x.jurisdiction_code >= '370600' and x.jurisdiction_code < '370700'
    union all select 'item', count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x.code), '')) from item x
    union all select 'catalogue', count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x.code), '')) from catalogue x
    union all select 'catalogue_entry', count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x.catalogue_code, x.item_code), ''))
      from catalogue_entry x
    union all select 'assignment', count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x.id), '')) from assignment x
    union all select 'empowerment', count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x.id), '')) from empowerment x
    union all select 'flag_acknowledgement', count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x.kind, x.item_code, x.jurisdiction_code), ''))
      from flag_acknowledgement x
    union all select 'catalogue_version', count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x.catalogue_code, x.version), ''))
      from catalogue_version x
    union all select 'call', count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x.id), '')) from call x
    union all select 'call_responder', count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x.id), '')) from call_responder x
    union all select 'call_event', count(*) || ':' || coalesce(max(id), 0) from call_event
    union all select 'call_setting', md5(coalesce(string_agg(x::text, '|' order by x.county_code), '')) from call_setting x
    union all select 'change', count(*) || ':' || coalesce(max(id), 0) from change
    union all select 'meta', md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from meta x`);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}
