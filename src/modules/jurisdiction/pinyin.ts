import { pinyin } from 'pinyin-pro';
import type { Db } from '../../db/database';

/**
 * Pinyin search keys of a name (places and items): the full reading without tones ("wenquanjiedao") and its
 * initials ("wqjd"), lower case, letters and digits only; ü is written v (吕 → lv), as pinyin keyboards do.
 * pinyin-pro reads by words, so most polyphonic characters come out right in context (重庆 chong, 长沙 chang,
 * 六安 lu); the place names below are the ones its dictionary reads otherwise, with the readings the places
 * use themselves (see docs/decisions.md, "Pinyin search keys").
 */
const PLACE_READINGS: Record<string, string> = {
  乐亭: 'lao ting',
  乐清: 'yue qing',
  涡阳: 'guo yang',
  单县: 'shan xian',
  黄陂: 'huang pi',
  洪洞: 'hong tong',
  大栅栏: 'da shi lan',
  蔚县: 'yu xian',
  浚县: 'xun xian',
  歙县: 'she xian',
  筠连: 'jun lian',
  繁峙: 'fan shi',
  费县: 'bi xian',
  六合: 'lu he',
  尉犁: 'yu li',
  珲春: 'hun chun',
  会稽: 'kuai ji',
  蚌山: 'beng shan',
  栟茶: 'ben cha',
  闵行: 'min hang',
  郫都: 'pi du',
  大埔: 'da bu',
};

/** Longest override first, so 大栅栏 wins over any shorter one inside it. */
const OVERRIDES = Object.entries(PLACE_READINGS).sort((a, b) => b[0].length - a[0].length);

export interface PinyinKeys {
  full: string;
  initials: string;
}

/** The syllables of a run of Han characters, the place-name readings first, the rest read by pinyin-pro in context. */
function hanSyllables(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const hit = OVERRIDES.find(([k]) => text.startsWith(k, i));
    if (hit) {
      out.push(...hit[1].split(' '));
      i += hit[0].length;
      continue;
    }
    let j = i + 1;
    while (j < text.length && !OVERRIDES.some(([k]) => text.startsWith(k, j))) j++;
    for (const s of pinyin(text.slice(i, j), { toneType: 'none', type: 'array', v: true })) {
      const clean = s.toLowerCase().replace(/[^a-z]/g, '');
      if (clean) out.push(clean);
    }
    i = j;
  }
  return out;
}

/**
 * Han runs give one syllable per character (initial: its first letter); a run of other letters and digits
 * ("G20") is kept whole in both keys; punctuation and spaces are dropped.
 */
function parts(text: string): { syllable: string; initial: string }[] {
  const out: { syllable: string; initial: string }[] = [];
  for (const run of text.match(/\p{Script=Han}+|[\p{L}\p{N}]+/gu) ?? []) {
    if (/\p{Script=Han}/u.test(run)) for (const s of hanSyllables(run)) out.push({ syllable: s, initial: s[0] });
    else {
      const clean = run.toLowerCase().replace(/[^a-z0-9]/g, '');
      if (clean) out.push({ syllable: clean, initial: clean });
    }
  }
  return out;
}

export function pinyinKeys(name: string): PinyinKeys {
  const all = parts(name.normalize('NFKC'));
  return { full: all.map((p) => p.syllable).join(''), initials: all.map((p) => p.initial).join('') };
}

/** A search text that is pinyin (letters only, 1–60 of them), lower-cased; null otherwise. */
export function pinyinQuery(text: string | null | undefined): string | null {
  const t = text?.trim().toLowerCase().replace(/['\s]/g, '') ?? '';
  return /^[a-z]{1,60}$/.test(t) ? t : null;
}

/** The tables that carry pinyin keys (columns pinyin, pinyin_initials, pinyin_of and the stale index). */
export type PinyinTable = 'jurisdiction' | 'item';

/**
 * Brings the keys of every row whose name changed since its keys were computed (pinyin_of is distinct from
 * name: a partial index holds exactly those rows) up to date: one read, one set-based update. Writers call it
 * after they write names (the tree loader, the write protocol's after-write step, the migration's backfill).
 */
export async function refreshPinyin(db: Db, table: PinyinTable): Promise<number> {
  const stale = await db.query<{ code: string; name: string }>(
    `select code, name from ${table} where pinyin_of is distinct from name`,
  );
  if (stale.length === 0) return 0;
  const keys = stale.map((r) => pinyinKeys(r.name));
  await db.query(
    `update ${table} t set pinyin = s.spelled, pinyin_initials = s.initials, pinyin_of = s.name
       from unnest($1::varchar[], $2::text[], $3::text[], $4::text[]) as s(code, name, spelled, initials)
      where t.code = s.code and t.name = s.name`,
    [stale.map((r) => r.code), stale.map((r) => r.name), keys.map((k) => k.full), keys.map((k) => k.initials)],
  );
  return stale.length;
}
