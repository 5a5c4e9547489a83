import fc from 'fast-check';
import {
  addDays,
  CALENDAR_YEARS,
  calendarCovers,
  dayName,
  isWorkingDay,
  overdueCutoff,
  workingDaysBetween,
  workingDeadline,
} from '../../src/workdays';

/** Working days from the shipped 国务院办公厅 schedule, across the 2025 National Day holiday and its 调休 days. */
describe('working days (mainland China calendar)', () => {
  it('covers 2025 and 2026 at least', () => {
    expect(CALENDAR_YEARS.first).toBeLessThanOrEqual(2025);
    expect(CALENDAR_YEARS.last).toBeGreaterThanOrEqual(2026);
    expect(calendarCovers('2025-10-01')).toBe(true);
    expect(calendarCovers(`${CALENDAR_YEARS.last + 1}-01-04`)).toBe(false);
  });

  it.each([
    ['2025-09-26', true, null], // Friday
    ['2025-09-27', false, null], // Saturday
    ['2025-09-28', true, '国庆节'], // Sunday, 调休 working day
    ['2025-10-01', false, '国庆节'],
    ['2025-10-06', false, '中秋'], // Monday, Mid-autumn inside the National Day break
    ['2025-10-08', false, '国庆节'], // Wednesday, still a holiday
    ['2025-10-09', true, null],
    ['2025-10-11', true, '国庆节'], // Saturday, 调休 working day
    ['2025-10-12', false, null],
    ['2026-02-14', true, '春节'], // Saturday, 调休 before the Spring Festival
    ['2026-02-16', false, '春节'],
  ])('%s working: %s (%s)', (day, working, name) => {
    expect(isWorkingDay(day)).toBe(working);
    expect(dayName(day)).toBe(name);
  });

  it('10 working days from Friday 26 September 2025 end on 16 October (not 10 October, as weekdays alone would)', () => {
    // 28 Sep (Sun, 调休) 29 30 | 1–8 Oct holiday | 9 10 11 (Sat, 调休) 13 14 15 16
    expect(workingDeadline('2025-09-26', 10)).toEqual({ day: '2025-10-16', provisional: false });
    expect(workingDaysBetween('2025-09-26', '2025-10-16')).toBe(10);
    expect(workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0);
  });

  it('15 working days from 30 September 2025 end on 28 October', () => {
    // 9 10 11 (Sat, 调休) | 13–17 | 20–24 | 27 28
    expect(workingDeadline('2025-09-30', 15).day).toBe('2025-10-28');
  });

  it('a limit reaching past the shipped schedule is provisional (weekdays only there)', () => {
    const last = CALENDAR_YEARS.last;
    const d = workingDeadline(`${last}-12-28`, 10);
    expect(d.provisional).toBe(true);
    expect(d.day > `${last}-12-31`).toBe(true);
  });

  it('overdueCutoff(today, n) is the latest start whose limit has passed (against the direct definition)', () => {
    const days = fc.integer({ min: 0, max: 800 }).map((n) => addDays('2024-06-01', n));
    fc.assert(
      fc.property(days, fc.integer({ min: 1, max: 20 }), (today, n) => {
        const cut = overdueCutoff(today, n);
        expect(workingDeadline(cut, n).day < today).toBe(true);
        expect(workingDeadline(addDays(cut, 1), n).day < today).toBe(false);
      }),
      { numRuns: 200 },
    );
    // across the holiday: a start on 26 Sep 2025 is overdue from 17 Oct, not before
    expect(overdueCutoff('2025-10-16', 10) < '2025-09-26').toBe(true);
    expect(overdueCutoff('2025-10-17', 10) >= '2025-09-26').toBe(true);
  });
});
