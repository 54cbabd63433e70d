import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  ScheduleError,
  canonicalTimezone,
  latestOccurrence,
  localToInstant,
  nextOccurrence,
  parseClockTime,
  parseDays,
  type ScheduleRule,
} from '../../src/schedule/index.ts';

const at = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();
const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm ZZ");

function rule(time: string, timezone: string, extra: Partial<ScheduleRule> = {}): ScheduleRule {
  return { time: parseClockTime(time), timezone, days: 127, skipDate: null, ...extra };
}

/** Walks `count` consecutive posts from `startIso` and returns them as local wall-clock strings. */
function posts(r: ScheduleRule, startIso: string, count: number): string[] {
  const out: string[] = [];
  let cursor = at(startIso, r.timezone);
  for (let i = 0; i < count; i++) {
    const next = nextOccurrence(r, cursor);
    out.push(local(next.at, r.timezone));
    cursor = next.at;
  }
  return out;
}

describe('validation', () => {
  it('rejects malformed times with a reason code', () => {
    for (const bad of ['24:00', '9', '09:60', '9h30', '', 'noon', '-1:00']) {
      expect(() => parseClockTime(bad)).toThrowError(ScheduleError);
      try {
        parseClockTime(bad);
      } catch (error) {
        expect((error as ScheduleError).code).toBe('invalid_time');
      }
    }
    expect(parseClockTime('9:05')).toEqual({ hour: 9, minute: 5 });
  });

  it('accepts IANA names (canonical spelling) and rejects others', () => {
    expect(canonicalTimezone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimezone('America/Sao_Paulo')).toBe('America/Sao_Paulo');
    for (const bad of ['Mars/Olympus', 'UTC+3', 'GMT-03:00', '+02:00', '', 'Brasil']) {
      expect(() => canonicalTimezone(bad), bad).toThrowError(/invalid_timezone/);
    }
  });

  it('parses day sets (numbers, names in English and Portuguese) into a Monday-first mask', () => {
    expect(parseDays(undefined)).toBe(127);
    expect(parseDays([1, 3, 5])).toBe(0b10101);
    expect(parseDays(['sáb', 'domingo'])).toBe(0b1100000);
    expect(() => parseDays([])).toThrowError(/invalid_days/);
    expect(() => parseDays(['funday'])).toThrowError(/invalid_days/);
    expect(() => parseDays(0)).toThrowError(/invalid_days/);
    expect(() => parseDays(128)).toThrowError(/invalid_days/);
  });
});

describe('daylight saving time', () => {
  it('keeps 09:00 at 09:00 in New York across spring forward and fall back', () => {
    const ny = rule('09:00', 'America/New_York');
    expect(posts(ny, '2024-03-08T12:00', 4)).toEqual([
      '2024-03-09T09:00 -05:00',
      '2024-03-10T09:00 -04:00',
      '2024-03-11T09:00 -04:00',
      '2024-03-12T09:00 -04:00',
    ]);
    expect(posts(ny, '2024-11-02T00:00', 3)).toEqual([
      '2024-11-02T09:00 -04:00',
      '2024-11-03T09:00 -05:00',
      '2024-11-04T09:00 -05:00',
    ]);
    // 23 hours between the posts around the spring switch, 25 around the autumn one.
    const spring = nextOccurrence(ny, at('2024-03-09T09:00', 'America/New_York'));
    expect(spring.at - at('2024-03-09T09:00', 'America/New_York')).toBe(23 * 3600_000);
  });

  it('keeps 09:00 at 09:00 in Lisbon across its switches (01:00 UTC)', () => {
    const lisbon = rule('09:00', 'Europe/Lisbon');
    expect(posts(lisbon, '2024-03-30T10:00', 2)).toEqual(['2024-03-31T09:00 +01:00', '2024-04-01T09:00 +01:00']);
    expect(posts(lisbon, '2024-10-26T10:00', 2)).toEqual(['2024-10-27T09:00 +00:00', '2024-10-28T09:00 +00:00']);
  });

  it('posts a time that does not exist on the spring-forward day when the clocks jump (02:30 → 03:00)', () => {
    const ny = rule('02:30', 'America/New_York');
    expect(posts(ny, '2024-03-09T00:00', 3)).toEqual([
      '2024-03-09T02:30 -05:00',
      '2024-03-10T03:00 -04:00',
      '2024-03-11T02:30 -04:00',
    ]);
    expect(local(localToInstant('2024-03-31', parseClockTime('01:30'), 'Europe/Lisbon'), 'Europe/Lisbon')).toBe(
      '2024-03-31T02:00 +01:00',
    );
  });

  it('posts a time that happens twice on the fall-back day once, at the first of the two', () => {
    const ny = rule('01:30', 'America/New_York');
    const fallBack = posts(ny, '2024-11-02T12:00', 2);
    expect(fallBack).toEqual(['2024-11-03T01:30 -04:00', '2024-11-04T01:30 -05:00']);
    // Asking again from just after the first 01:30 (during the repeated hour) does not yield a second post that day.
    const first = at('2024-11-03T01:30', 'America/New_York');
    const during = first + 45 * 60_000;
    expect(nextOccurrence(ny, during).localDate).toBe('2024-11-04');
    expect(latestOccurrence(ny, during + 3600_000)).toEqual({ localDate: '2024-11-03', at: localToInstant('2024-11-03', parseClockTime('01:30'), 'America/New_York') });
  });

  it('midnight posts survive zones whose DST switch is at midnight (America/Santiago)', () => {
    const santiago = rule('00:00', 'America/Santiago');
    const list = posts(santiago, '2024-09-06T12:00', 3);
    expect(list).toHaveLength(3);
    expect(new Set(list.map((s) => s.slice(0, 10))).size).toBe(3);
    expect(list[1]).toBe('2024-09-08T01:00 -03:00'); // 00:00 does not exist that day; clocks jump to 01:00
  });
});

describe('weekdays and skip', () => {
  it('only posts on the selected weekdays', () => {
    const weekdays = rule('18:00', 'America/Sao_Paulo', { days: parseDays(['mon', 'wed', 'fri']) });
    expect(posts(weekdays, '2025-06-02T19:00', 3).map((s) => s.slice(0, 10))).toEqual([
      '2025-06-04',
      '2025-06-06',
      '2025-06-09',
    ]);
  });

  it('skips the skip date', () => {
    const r = rule('09:00', 'America/Sao_Paulo', { skipDate: '2025-06-03' });
    expect(nextOccurrence(r, at('2025-06-02T10:00', 'America/Sao_Paulo')).localDate).toBe('2025-06-04');
    expect(latestOccurrence(r, at('2025-06-03T10:00', 'America/Sao_Paulo')).localDate).toBe('2025-06-02');
  });
});
