import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type Database from 'better-sqlite3';
import {
  ScheduleError,
  findDueGuilds,
  pauseForProblem,
  pauseSchedule,
  resumeSchedule,
  scheduleStatus,
  setupSchedule,
  skipNextPost,
} from '../../src/schedule/index.ts';
import { tempDatabase, type TempDb } from '../support/temp-db.ts';

const NY = 'America/New_York';
const at = (iso: string, zone = NY) => DateTime.fromISO(iso, { zone }).toMillis();

let temp: TempDb;
let db: Database.Database;
beforeEach(() => {
  temp = tempDatabase();
  db = temp.open();
});
afterEach(() => temp.cleanup());

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ScheduleError ? error.code : `not a ScheduleError: ${String(error)}`;
  }
  return undefined;
}

describe('setup and status', () => {
  it('stores the schedule and reports the next post in the server timezone', () => {
    const status = setupSchedule(db, { guildId: 'g1', channelId: 'c1', time: '9:00', timezone: 'america/new_york' }, at('2024-03-09T10:00'));
    expect(status).toMatchObject({ time: '09:00', timezone: NY, paused: false, pausedReason: null, days: [1, 2, 3, 4, 5, 6, 7] });
    // Setting up after today's time: first post tomorrow, which is the spring-forward day.
    expect(status.nextPostLocal).toBe('2024-03-10T09:00-04:00');
    const { clearedSkipDate, ...stored } = status;
    expect(clearedSkipDate).toBeNull();
    expect(scheduleStatus(db, 'g1')).toEqual(stored);
    expect(scheduleStatus(db, 'nobody')).toBeNull();
  });

  it('rejects bad input with translatable codes and stores nothing', () => {
    const now = at('2024-03-09T10:00');
    expect(codeOf(() => setupSchedule(db, { guildId: 'g', channelId: 'c', time: '25:00', timezone: NY }, now))).toBe('invalid_time');
    expect(codeOf(() => setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: 'Brasil/Brasilia' }, now))).toBe('invalid_timezone');
    expect(codeOf(() => setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY, days: [] }, now))).toBe('invalid_days');
    expect(codeOf(() => setupSchedule(db, { guildId: 'g', channelId: ' ', time: '09:00', timezone: NY }, now))).toBe('invalid_channel');
    expect(scheduleStatus(db, 'g')).toBeNull();
    expect(codeOf(() => pauseSchedule(db, 'g', now))).toBe('not_configured');
  });

  it('pause/resume round trip with clear errors, and a paused server is never due', () => {
    setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T08:00'));
    const paused = pauseSchedule(db, 'g', at('2024-06-01T08:10'));
    expect(paused).toMatchObject({ paused: true, pausedReason: 'manual', nextPostAt: null });
    expect(codeOf(() => pauseSchedule(db, 'g', at('2024-06-01T08:11')))).toBe('already_paused');
    expect(findDueGuilds(db, at('2024-06-03T00:00'))).toEqual([]);
    // Resumed on a later day before its post time: the next post is that day.
    const resumed = resumeSchedule(db, 'g', at('2024-06-03T07:00'));
    expect(resumed).toMatchObject({ paused: false, pausedReason: null, nextPostLocal: '2024-06-03T09:00-04:00' });
    expect(codeOf(() => resumeSchedule(db, 'g', at('2024-06-03T07:01')))).toBe('not_paused');
  });

  it('resuming after today\'s time posts today\'s missing question right away', () => {
    setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T08:00'));
    pauseSchedule(db, 'g', at('2024-06-01T08:10'));
    const resumed = resumeSchedule(db, 'g', at('2024-06-01T11:00'));
    expect(resumed.nextPostLocal).toBe('2024-06-01T09:00-04:00');
    expect(findDueGuilds(db, at('2024-06-01T11:00'))).toEqual(['g']);
  });

  it('skip moves the next post to the following scheduled day, once', () => {
    setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY, days: ['mon', 'wed', 'fri'] }, at('2024-06-03T10:00'));
    expect(scheduleStatus(db, 'g')!.nextPostLocal).toBe('2024-06-05T09:00-04:00');
    const skipped = skipNextPost(db, 'g', at('2024-06-03T10:00'));
    expect(skipped).toMatchObject({ skipDate: '2024-06-05', nextPostLocal: '2024-06-07T09:00-04:00' });
    expect(codeOf(() => skipNextPost(db, 'g', at('2024-06-03T10:05')))).toBe('already_skipped');
  });

  it('a problem pauses only that server, with its reason visible in status', () => {
    const now = at('2024-06-01T08:00');
    setupSchedule(db, { guildId: 'a', channelId: 'c', time: '09:00', timezone: NY }, now);
    setupSchedule(db, { guildId: 'b', channelId: 'c', time: '09:00', timezone: NY }, now);
    expect(pauseForProblem(db, 'a', 'channel_missing', now)).toBe(true);
    expect(scheduleStatus(db, 'a')).toMatchObject({ paused: true, pausedReason: 'channel_missing' });
    expect(scheduleStatus(db, 'b')).toMatchObject({ paused: false });
    expect(findDueGuilds(db, at('2024-06-01T09:00'))).toEqual(['b']);
    expect(pauseForProblem(db, 'ghost', 'channel_missing', now)).toBe(false);
  });
});

describe('findDueGuilds', () => {
  it('returns servers whose post time has come, oldest first, across timezones', () => {
    const now = Date.UTC(2024, 5, 1, 0, 0);
    setupSchedule(db, { guildId: 'sp', channelId: 'c', time: '09:00', timezone: 'America/Sao_Paulo' }, now); // 12:00Z
    setupSchedule(db, { guildId: 'lis', channelId: 'c', time: '09:00', timezone: 'Europe/Lisbon' }, now); // 08:00Z
    setupSchedule(db, { guildId: 'ny', channelId: 'c', time: '09:00', timezone: NY }, now); // 13:00Z
    expect(findDueGuilds(db, Date.UTC(2024, 5, 1, 7, 59))).toEqual([]);
    expect(findDueGuilds(db, Date.UTC(2024, 5, 1, 8, 0))).toEqual(['lis']);
    expect(findDueGuilds(db, Date.UTC(2024, 5, 1, 13, 0))).toEqual(['lis', 'sp', 'ny']);
    expect(findDueGuilds(db, Date.UTC(2024, 5, 1, 13, 0), 2)).toEqual(['lis', 'sp']);
  });

  it('is an index range scan, not a table scan', () => {
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT guild_id FROM quiz_schedules WHERE next_due_at <= ? ORDER BY next_due_at LIMIT ?')
      .all(0, 10)
      .map((row) => (row as { detail: string }).detail)
      .join('\n');
    expect(plan).toMatch(/USING (COVERING )?INDEX quiz_schedules_due/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
