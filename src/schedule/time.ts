/**
 * Wall-clock math for schedules, in the server's IANA timezone.
 *
 * A schedule says "HH:MM local time on these weekdays". Each scheduled local day has exactly one post instant:
 * - normal days: the instant whose local wall clock reads HH:MM, so 09:00 stays 09:00 across DST changes;
 * - a time that does not exist (spring-forward gap, e.g. 02:30 in America/New_York on the March switch day):
 *   the first instant after the gap, i.e. the moment the clocks jump (03:00 local in New York);
 * - a time that happens twice (fall-back overlap, e.g. 01:30 in New York on the November switch day):
 *   the FIRST of the two instants (the one with the summer offset).
 */
import { DateTime, IANAZone } from 'luxon';
import { ScheduleError } from './errors.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** 1 = Monday … 7 = Sunday (ISO / luxon numbering). Bit (weekday - 1) of the days mask. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const ALL_DAYS_MASK = 127;

// A Map, not an object literal: a typed name such as "constructor" must not find Object's properties.
const WEEKDAY_NAMES: ReadonlyMap<string, Weekday> = new Map<string, Weekday>([
  ['mon', 1], ['monday', 1], ['seg', 1], ['segunda', 1],
  ['tue', 2], ['tuesday', 2], ['ter', 2], ['terca', 2],
  ['wed', 3], ['wednesday', 3], ['qua', 3], ['quarta', 3],
  ['thu', 4], ['thursday', 4], ['qui', 4], ['quinta', 4],
  ['fri', 5], ['friday', 5], ['sex', 5], ['sexta', 5],
  ['sat', 6], ['saturday', 6], ['sab', 6], ['sabado', 6],
  ['sun', 7], ['sunday', 7], ['dom', 7], ['domingo', 7],
]);

export interface ClockTime {
  hour: number;
  minute: number;
}

/** "9:05" / "09:05" → { hour: 9, minute: 5 }; anything else throws ScheduleError('invalid_time'). */
export function parseClockTime(text: string): ClockTime {
  const match = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  const hour = match ? Number(match[1]) : NaN;
  const minute = match ? Number(match[2]) : NaN;
  if (!match || hour > 23 || minute > 59) {
    throw new ScheduleError('invalid_time', `"${text}" is not a time of day in HH:MM (00:00 to 23:59)`);
  }
  return { hour, minute };
}

export function formatClockTime({ hour, minute }: ClockTime): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const canonicalZones = new Map<string, string>();

/** Validates an IANA zone name and returns its canonical spelling ("america/new_york" → "America/New_York"). */
export function canonicalTimezone(name: string): string {
  const trimmed = name.trim();
  const known = canonicalZones.get(trimmed);
  if (known) return known;
  // Only region/city names and UTC: fixed offsets like "UTC+3" or "GMT-03:00" are not IANA names.
  if (!trimmed || /^[+-]|\d:\d/.test(trimmed) || !IANAZone.isValidZone(trimmed)) {
    throw new ScheduleError('invalid_timezone', `"${name}" is not an IANA timezone name (e.g. America/Sao_Paulo)`);
  }
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  if (canonicalZones.size < 2000) canonicalZones.set(trimmed, canonical);
  return canonical;
}

// Zone offsets come from Intl (slow); many servers share a zone and post time, so the same instants repeat.
const offsetCache = new Map<string, number>();

function offsetAt(zone: IANAZone, instantMs: number): number {
  const key = `${zone.name}|${instantMs}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = zone.offset(instantMs);
    if (offsetCache.size >= 50_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** A mask (1..127), or weekdays as numbers (1 = Mon … 7 = Sun) or names (en/pt-BR, e.g. "mon", "seg"). */
export function parseDays(days: number | ReadonlyArray<number | string> | undefined): number {
  if (days === undefined) return ALL_DAYS_MASK;
  if (typeof days === 'number') {
    if (!Number.isInteger(days) || days < 1 || days > ALL_DAYS_MASK) {
      throw new ScheduleError('invalid_days', `day mask ${days} must be an integer from 1 to 127 (bit 0 = Monday)`);
    }
    return days;
  }
  let mask = 0;
  for (const day of days) {
    const weekday =
      typeof day === 'number'
        ? day
        : WEEKDAY_NAMES.get(day.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''));
    if (weekday === undefined || !Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      throw new ScheduleError('invalid_days', `"${day}" is not a weekday (1 = Monday … 7 = Sunday, or mon…sun)`);
    }
    mask |= 1 << (weekday - 1);
  }
  if (mask === 0) throw new ScheduleError('invalid_days', 'at least one weekday is required');
  return mask;
}

export function daysFromMask(mask: number): Weekday[] {
  const out: Weekday[] = [];
  for (let d = 1; d <= 7; d++) if (mask & (1 << (d - 1))) out.push(d as Weekday);
  return out;
}

/** "YYYY-MM-DD" of an instant in a zone. */
export function localDateOf(instantMs: number, timezone: string): string {
  const offset = offsetAt(IANAZone.create(timezone), instantMs);
  return new Date(instantMs + offset * MINUTE).toISOString().slice(0, 10);
}

function parseLocalDate(date: string): { year: number; month: number; day: number } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** Calendar arithmetic on "YYYY-MM-DD", independent of any zone. */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day) + days * DAY).toISOString().slice(0, 10);
}

export function weekdayOf(date: string): Weekday {
  const { year, month, day } = parseLocalDate(date);
  const js = new Date(Date.UTC(year, month - 1, day)).getUTCDay(); // 0 = Sunday
  return (js === 0 ? 7 : js) as Weekday;
}

/** The instant a local date + wall-clock time designates in a zone (gap → end of gap; overlap → first). */
export function localToInstant(date: string, time: ClockTime, timezone: string): number {
  const zone = IANAZone.create(timezone);
  const { year, month, day } = parseLocalDate(date);
  const wall = Date.UTC(year, month - 1, day, time.hour, time.minute);
  // Offsets (minutes) a day before and after: every real zone changes offset at most once in 48 hours.
  const before = offsetAt(zone, wall - DAY);
  const after = offsetAt(zone, wall + DAY);
  if (before === after) return wall - before * MINUTE; // no switch near this day: the usual case
  const candidates = [before, after]
    .map((offset) => wall - offset * MINUTE)
    .filter((instant) => wall - offsetAt(zone, instant) * MINUTE === instant);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the jump happens between these two readings; find the first minute on the new offset.
  let lo = wall - Math.max(before, after) * MINUTE; // still on the old offset
  let hi = wall - Math.min(before, after) * MINUTE; // already on the new offset
  const newOffset = offsetAt(zone, hi);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(zone, mid) === newOffset) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface ScheduleRule {
  time: ClockTime;
  timezone: string;
  days: number;
  /** A local date with no post (the "skip next" command). */
  skipDate: string | null;
}

export interface Occurrence {
  localDate: string;
  at: number;
}

export function isScheduledDate(rule: ScheduleRule, date: string): boolean {
  return (rule.days & (1 << (weekdayOf(date) - 1))) !== 0 && date !== rule.skipDate;
}

/** The first scheduled post strictly after `afterMs`. */
export function nextOccurrence(rule: ScheduleRule, afterMs: number): Occurrence {
  let date = localDateOf(afterMs, rule.timezone);
  // One day back covers an instant just after local midnight whose post time fell in the previous date's gap.
  date = addDays(date, -1);
  for (let i = 0; i < 16; i++, date = addDays(date, 1)) {
    if (!isScheduledDate(rule, date)) continue;
    const at = localToInstant(date, rule.time, rule.timezone);
    if (at > afterMs) return { localDate: date, at };
  }
  throw new Error(`no scheduled day within two weeks (days mask ${rule.days})`);
}

/** The last scheduled post at or before `atMs`. */
export function latestOccurrence(rule: ScheduleRule, atMs: number): Occurrence {
  let date = addDays(localDateOf(atMs, rule.timezone), 1);
  for (let i = 0; i < 16; i++, date = addDays(date, -1)) {
    if (!isScheduledDate(rule, date)) continue;
    const at = localToInstant(date, rule.time, rule.timezone);
    if (at <= atMs) return { localDate: date, at };
  }
  throw new Error(`no scheduled day within two weeks (days mask ${rule.days})`);
}

/** ISO-8601 local time with offset, e.g. "2024-03-11T09:00-04:00". */
export function formatLocal(instantMs: number, timezone: string): string {
  return DateTime.fromMillis(instantMs, { zone: timezone }).toISO({ suppressSeconds: true, suppressMilliseconds: true })!;
}
