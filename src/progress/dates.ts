/** Local calendar days of a server: YYYY-MM-DD in an IANA zone, ISO weeks (Monday start) and months. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local calendar date (YYYY-MM-DD) of an instant in `timeZone`. Throws RangeError on an unknown zone. */
export function localDateOf(epochMs: number, timeZone: string): string {
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatter(timeZone).formatToParts(epochMs)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: string): number {
  return (((dayNumber(date) + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

const weekKeys = new Map<string, string>();

/** ISO week key, e.g. '2024-W01' (the week belongs to the year of its Thursday). */
export function isoWeekKey(date: string): string {
  let key = weekKeys.get(date);
  if (key === undefined) {
    const day = dayNumber(date);
    const thursday = day - weekdayIndex(date) + 3;
    const year = new Date(thursday * DAY_MS).getUTCFullYear();
    const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
    key = `${year}-W${String(week).padStart(2, '0')}`;
    if (weekKeys.size > 10_000) weekKeys.clear();
    weekKeys.set(date, key);
  }
  return key;
}

/** Month key, e.g. '2024-03'. */
export function monthKey(date: string): string {
  return date.slice(0, 7);
}

export type Period = 'week' | 'month' | 'all';

/** The rollup key of `period` for a local date: 'all', '2024-W05' or '2024-02'. */
export function periodKey(period: Period, date: string): string {
  return period === 'all' ? 'all' : period === 'week' ? isoWeekKey(date) : monthKey(date);
}

/** Subtracts whole calendar months, clamping the day (2024-03-31 minus 1 month = 2024-02-29). */
export function subtractMonths(date: string, months: number): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
