/**
 * §2 the level of body `alias`: its jurisdiction's level; a STATIONED body counts at its parent's level
 * (a STATIONED parent at its own parent's, and so on). Read by the resolution CTE and by Body.level.
 * Each step is a lookup by key (a lateral subquery kept from being flattened, a scalar subquery), so the walk stays
 * a few index probes per body whatever join methods the enclosing statement is planned with (the flag store
 * plans its rules statement with nested loops off: flag-store.service.ts).
 */
export const bodyLevel = (alias: string) => `case when ${alias}.kind <> 'STATIONED'
           then (select j.level from jurisdiction j where j.code = ${alias}.jurisdiction_code)
           else (with recursive up(kind, parent, jurisdiction, depth) as (
                   select ${alias}.kind, ${alias}.parent_code, ${alias}.jurisdiction_code, 0
                   union all
                   select p.kind, p.parent_code, p.jurisdiction_code, up.depth + 1
                     from up cross join lateral (select * from body p where p.code = up.parent limit 1) p
                    where up.kind = 'STATIONED' and up.depth < 16)
                 select (select j.level from jurisdiction j where j.code = up.jurisdiction) from up
                  where up.kind <> 'STATIONED' or up.parent is null
                  order by up.depth limit 1) end`;
