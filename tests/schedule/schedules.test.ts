import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
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
import type { Db } from '../../src/storage/index.ts';
import { tempDatabase, testEngine, type TempDb } from '../support/temp-db.ts';

const NY = 'America/New_York';
const at = (iso: string, zone = NY) => DateTime.fromISO(iso, { zone }).toMillis();

let temp: TempDb;
let db: Db;
beforeEach(async () => {
  temp = await tempDatabase();
  db = temp.db;
});
afterEach(() => temp.cleanup());

async function codeOf(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
  } catch (error) {
    return error instanceof ScheduleError ? error.code : `not a ScheduleError: ${String(error)}`;
  }
  return undefined;
}

describe('setup and status', () => {
  it('stores the schedule and reports the next post in the server timezone', async () => {
    const status = await setupSchedule(db, { guildId: 'g1', channelId: 'c1', time: '9:00', timezone: 'america/new_york' }, at('2024-03-09T10:00'));
    expect(status).toMatchObject({ time: '09:00', timezone: NY, paused: false, pausedReason: null, days: [1, 2, 3, 4, 5, 6, 7] });
    // Setting up after today's time: first post tomorrow, which is the spring-forward day.
    expect(status.nextPostLocal).toBe('2024-03-10T09:00-04:00');
    const { clearedSkipDate, ...stored } = status;
    expect(clearedSkipDate).toBeNull();
    expect(await scheduleStatus(db, 'g1')).toEqual(stored);
    expect(await scheduleStatus(db, 'nobody')).toBeNull();
  });

  it('rejects bad input with translatable codes and stores nothing', async () => {
    const now = at('2024-03-09T10:00');
    expect(await codeOf(() => setupSchedule(db, { guildId: 'g', channelId: 'c', time: '25:00', timezone: NY }, now))).toBe('invalid_time');
    expect(await codeOf(() => setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: 'Brasil/Brasilia' }, now))).toBe('invalid_timezone');
    expect(await codeOf(() => setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY, days: [] }, now))).toBe('invalid_days');
    expect(await codeOf(() => setupSchedule(db, { guildId: 'g', channelId: ' ', time: '09:00', timezone: NY }, now))).toBe('invalid_channel');
    expect(await scheduleStatus(db, 'g')).toBeNull();
    expect(await codeOf(() => pauseSchedule(db, 'g', now))).toBe('not_configured');
  });

  it('pause/resume round trip with clear errors, and a paused server is never due', async () => {
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T08:00'));
    const paused = await pauseSchedule(db, 'g', at('2024-06-01T08:10'));
    expect(paused).toMatchObject({ paused: true, pausedReason: 'manual', nextPostAt: null });
    expect(await codeOf(() => pauseSchedule(db, 'g', at('2024-06-01T08:11')))).toBe('already_paused');
    expect(await findDueGuilds(db, at('2024-06-03T00:00'))).toEqual([]);
    // Resumed on a later day before its post time: the next post is that day.
    const resumed = await resumeSchedule(db, 'g', at('2024-06-03T07:00'));
    expect(resumed).toMatchObject({ paused: false, pausedReason: null, nextPostLocal: '2024-06-03T09:00-04:00' });
    expect(await codeOf(() => resumeSchedule(db, 'g', at('2024-06-03T07:01')))).toBe('not_paused');
  });

  it('resuming after today\'s time posts today\'s missing question right away', async () => {
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY }, at('2024-06-01T08:00'));
    await pauseSchedule(db, 'g', at('2024-06-01T08:10'));
    const resumed = await resumeSchedule(db, 'g', at('2024-06-01T11:00'));
    expect(resumed.nextPostLocal).toBe('2024-06-01T09:00-04:00');
    expect(await findDueGuilds(db, at('2024-06-01T11:00'))).toEqual(['g']);
  });

  it('skip moves the next post to the following scheduled day, once', async () => {
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: NY, days: ['mon', 'wed', 'fri'] }, at('2024-06-03T10:00'));
    expect((await scheduleStatus(db, 'g'))!.nextPostLocal).toBe('2024-06-05T09:00-04:00');
    const skipped = await skipNextPost(db, 'g', at('2024-06-03T10:00'));
    expect(skipped).toMatchObject({ skipDate: '2024-06-05', nextPostLocal: '2024-06-07T09:00-04:00' });
    expect(await codeOf(() => skipNextPost(db, 'g', at('2024-06-03T10:05')))).toBe('already_skipped');
  });

  it('a problem pauses only that server, with its reason visible in status', async () => {
    const now = at('2024-06-01T08:00');
    await setupSchedule(db, { guildId: 'a', channelId: 'c', time: '09:00', timezone: NY }, now);
    await setupSchedule(db, { guildId: 'b', channelId: 'c', time: '09:00', timezone: NY }, now);
    expect(await pauseForProblem(db, 'a', 'channel_missing', now)).toBe(true);
    expect(await scheduleStatus(db, 'a')).toMatchObject({ paused: true, pausedReason: 'channel_missing' });
    expect(await scheduleStatus(db, 'b')).toMatchObject({ paused: false });
    expect(await findDueGuilds(db, at('2024-06-01T09:00'))).toEqual(['b']);
    expect(await pauseForProblem(db, 'ghost', 'channel_missing', now)).toBe(false);
  });
});

describe('findDueGuilds', () => {
  it('returns servers whose post time has come, oldest first, across timezones', async () => {
    const now = Date.UTC(2024, 5, 1, 0, 0);
    await setupSchedule(db, { guildId: 'sp', channelId: 'c', time: '09:00', timezone: 'America/Sao_Paulo' }, now); // 12:00Z
    await setupSchedule(db, { guildId: 'lis', channelId: 'c', time: '09:00', timezone: 'Europe/Lisbon' }, now); // 08:00Z
    await setupSchedule(db, { guildId: 'ny', channelId: 'c', time: '09:00', timezone: NY }, now); // 13:00Z
    expect(await findDueGuilds(db, Date.UTC(2024, 5, 1, 7, 59))).toEqual([]);
    expect(await findDueGuilds(db, Date.UTC(2024, 5, 1, 8, 0))).toEqual(['lis']);
    expect(await findDueGuilds(db, Date.UTC(2024, 5, 1, 13, 0))).toEqual(['lis', 'sp', 'ny']);
    expect(await findDueGuilds(db, Date.UTC(2024, 5, 1, 13, 0), 2)).toEqual(['lis', 'sp']);
  });

  it('is an index range scan, not a table scan', async () => {
    const due = 'SELECT guild_id FROM quiz_schedules WHERE next_due_at <= 0 ORDER BY next_due_at LIMIT 10';
    if (testEngine === 'sqlite') {
      const plan = (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${due}`)).map((row) => row.detail).join('\n');
      expect(plan).toMatch(/USING (COVERING )?INDEX quiz_schedules_due/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    } else {
      // An empty table is cheaper to scan whole: with scans discouraged, the plan shows what the index allows.
      const plan = await db.transaction(async (tx) => {
        await tx.run('SET LOCAL enable_seqscan = off');
        return (await tx.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${due}`)).map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toMatch(/Index (Only )?Scan using quiz_schedules_due/);
      expect(plan).not.toMatch(/Sort/);
    }
  });
});
