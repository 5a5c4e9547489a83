/**
 * Business dates: calendar days as YYYY-MM-DD strings, never instants. A low module every layer may use
 * (GraphQL scalars, the records layer, the engine, the formats).
 */

/** Built once: constructing an Intl.DateTimeFormat per call was the chain's largest CPU cost (profiled). */
const CHINA_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in Asia/Shanghai (where the lists apply), as YYYY-MM-DD: the default asOf. */
export function todayInChina(now: Date = new Date()): string {
  // Formatting costs more than the rest of a cached chain answer; the day can only change on a minute boundary.
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDay = CHINA_DAY.format(now);
    lastMinute = minute;
  }
  return lastDay;
}
let lastMinute = Number.NaN;
let lastDay = '';

/** A real calendar day written YYYY-MM-DD (2023-02-29 is not). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}
