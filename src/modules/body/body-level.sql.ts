/**
 * §2 the level of body `alias`: its jurisdiction's level; a STATIONED body counts at its parent's level
 * (a STATIONED parent at its own parent's, and so on). Read by the resolution CTE and by Body.level.
 */
export const bodyLevel = (alias: string) => `case when ${alias}.kind <> 'STATIONED'
           then (select j.level from jurisdiction j where j.code = ${alias}.jurisdiction_code)
           else (with recursive up(kind, parent, jurisdiction, depth) as (
                   select ${alias}.kind, ${alias}.parent_code, ${alias}.jurisdiction_code, 0
                   union all
                   select p.kind, p.parent_code, p.jurisdiction_code, up.depth + 1
                     from up join body p on p.code = up.parent
                    where up.kind = 'STATIONED' and up.depth < 16)
                 select j.level from up join jurisdiction j on j.code = up.jurisdiction
                  where up.kind <> 'STATIONED' or up.parent is null
                  order by up.depth limit 1) end`;
