/**
 * Working days of the mainland China calendar (工作日): Monday to Friday, less the public holidays the State
 * Council's General Office (国务院办公厅) announces each year, plus its adjusted working days (调休 Saturdays
 * and Sundays). The schedule is the one the `chinese-days` package ships (no hand-typed table); a year the
 * package does not yet hold counts Monday to Friday only, and every answer says whether it reached such a year
 * (`provisional`). Days are YYYY-MM-DD strings (see dates.ts); time limits of adjustments, disputes and calls
 * are counted here and nowhere else.
 */
import calendar from 'chinese-days/dist/chinese-days.json';

const HOLIDAYS: Record<string, string> = calendar.holidays;
const WORKDAYS: Record<string, string> = calendar.workdays;

const YEARS = [...Object.keys(HOLIDAYS), ...Object.keys(WORKDAYS)].map((d) => Number(d.slice(0, 4)));

/** The years the shipped schedule covers (first and last announced year). */
export const CALENDAR_YEARS = { first: Math.min(...YEARS), last: Math.max(...YEARS) } as const;

/** Whether the shipped schedule holds the year of `day` (outside it, only weekends are known). */
export const calendarCovers = (day: string): boolean => {
  const y = Number(day.slice(0, 4));
  return y >= CALENDAR_YEARS.first && y <= CALENDAR_YEARS.last;
};

const DAY_MS = 86_400_000;
const toUtc = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The calendar day `n` days after `day` (negative: before). */
export const addDays = (day: string, n: number): string => fromUtc(toUtc(day) + n * DAY_MS);

/** A working day: an adjusted working day (调休), or Monday to Friday and not a public holiday. */
export function isWorkingDay(day: string): boolean {
  if (WORKDAYS[day]) return true;
  const weekday = new Date(toUtc(day)).getUTCDay();
  return weekday >= 1 && weekday <= 5 && !HOLIDAYS[day];
}

/** The holiday or adjusted working day `day` is, as the schedule names it (`国庆节`), or null for an ordinary day. */
export function dayName(day: string): string | null {
  const raw = HOLIDAYS[day] ?? WORKDAYS[day];
  return raw ? (raw.split(',')[1] ?? raw) : null;
}

export interface Deadline {
  /** The last day of the limit (the n-th working day after the start). */
  day: string;
  /** Some day counted lies in a year the shipped schedule does not hold yet (weekends only there). */
  provisional: boolean;
}

/**
 * A time limit of `n` working days from `start`: the n-th working day after it (the start day itself never
 * counts, 自次日起算). The limit has passed on every day after `day`.
 */
export function workingDeadline(start: string, n: number): Deadline {
  let day = start;
  let provisional = false;
  for (let counted = 0; counted < n;) {
    day = addDays(day, 1);
    if (!calendarCovers(day)) provisional = true;
    if (isWorkingDay(day)) counted++;
  }
  return { day, provisional };
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day)) n++;
  return n;
}

/**
 * The latest start whose `n`-working-day limit has passed on `today` (its deadline lies before today): a limit
 * started on or before this day is overdue. Monotone, so a list is filtered with one date comparison in SQL.
 */
export function overdueCutoff(today: string, n: number): string {
  // The n-th working day counted back from yesterday: a start before it leaves n working days before today.
  let day = today;
  for (let counted = 0; counted < n;) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) counted++;
  }
  return addDays(day, -1);
}

/** The time limits of SPEC §10 (the published notices): to apply after a trigger, and for the review. */
export const TIME_LIMITS = { apply: 10, review: 15 } as const;

/** China has one time zone and no daylight saving: a day there starts at 16:00 UTC of the day before. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const chinaDayOf = (ms: number) => fromUtc(Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS);
const chinaMidnightAfter = (ms: number) => Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS + 1) * DAY_MS - CHINA_OFFSET_MS;

/**
 * A limit of `hours` working hours from the instant `start`: the clock runs only on working days (a working
 * day holds 24 working hours, 00:00–24:00 China time), so a call raised at 16:00 on the Friday before the
 * National Day holiday with 24 hours to accept is due at 16:00 on the first working day after it. The
 * answer says whether a day counted lies outside the shipped schedule (`provisional`).
 */
export function workingHoursDeadline(start: Date, hours: number): { at: Date; provisional: boolean } {
  let cursor = start.getTime();
  let left = hours * 3_600_000;
  let provisional = false;
  while (left > 0) {
    const day = chinaDayOf(cursor);
    const end = chinaMidnightAfter(cursor);
    if (!calendarCovers(day)) provisional = true;
    if (isWorkingDay(day)) {
      const take = Math.min(left, end - cursor);
      left -= take;
      cursor += take;
      if (left === 0) break;
    }
    cursor = end;
  }
  return { at: new Date(cursor), provisional };
}

/** Working hours between two instants (the part of [from, to) that lies on working days), for statistics. */
export function workingHoursBetween(from: Date, to: Date): number {
  let cursor = from.getTime();
  const stop = to.getTime();
  let ms = 0;
  while (cursor < stop) {
    const end = Math.min(chinaMidnightAfter(cursor), stop);
    if (isWorkingDay(chinaDayOf(cursor))) ms += end - cursor;
    cursor = end;
  }
  return ms / 3_600_000;
}

/** The China day (YYYY-MM-DD) of an instant. */
export const chinaDay = (at: Date): string => chinaDayOf(at.getTime());
