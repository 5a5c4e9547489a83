import { MigrationInterface, QueryRunner } from 'typeorm';
import { pinyinKeys } from '../src/modules/jurisdiction/pinyin';

/**
 * Pinyin search (拼音检索) of places and items: the full reading ("wenquanjiedao") and its initials ("wqjd"),
 * stored beside the name with the name they were computed from (pinyin_of). Prefix searches use the two
 * pattern-ops indexes; a partial index holds exactly the rows whose keys are stale (pinyin_of is distinct from
 * name), which writers bring up to date after each write. Existing rows are filled here: one read, one
 * set-based update per table.
 */
export class PinyinSearch1765300000000 implements MigrationInterface {
  name = 'PinyinSearch1765300000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['jurisdiction', 'item']) {
      await q.query(`
alter table ${table} add column pinyin text, add column pinyin_initials text, add column pinyin_of text;
create index ix_${table}_pinyin on ${table} (pinyin text_pattern_ops);
create index ix_${table}_pinyin_initials on ${table} (pinyin_initials text_pattern_ops);
create index ix_${table}_pinyin_stale on ${table} (code) where pinyin_of is distinct from name;`);
      const rows: { code: string; name: string }[] = await q.query(`select code, name from ${table}`);
      if (rows.length === 0) continue;
      const keys = rows.map((r) => pinyinKeys(r.name));
      await q.query(
        `update ${table} t set pinyin = s.spelled, pinyin_initials = s.initials, pinyin_of = s.name
           from unnest($1::varchar[], $2::text[], $3::text[], $4::text[]) as s(code, name, spelled, initials)
          where t.code = s.code`,
        [rows.map((r) => r.code), rows.map((r) => r.name), keys.map((k) => k.full), keys.map((k) => k.initials)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['jurisdiction', 'item']) {
      await q.query(`alter table ${table} drop column pinyin, drop column pinyin_initials, drop column pinyin_of`);
    }
  }
}
