/**
 * Per-server schedule: setup, pause, resume, skip, status, and the due lookup for the single per-minute tick.
 * Invariant: `next_due_at` is the instant of the next post to claim, or NULL while paused.
 */
import type { Db } from './db.ts';
import { statementCache } from './db.ts';
import { ScheduleError } from './errors.ts';
import {
  canonicalTimezone,
  daysFromMask,
  formatClockTime,
  formatLocal,
  isScheduledDate,
  latestOccurrence,
  localDateOf,
  nextOccurrence,
  parseClockTime,
  parseDays,
  type ScheduleRule,
  type Weekday,
} from './time.ts';

/** How late a missed post may still go out when its local day is already over (e.g. a 23:59 schedule). */
export const CATCH_UP_GRACE_MS = 60 * 60_000;

export interface ScheduleRow {
  guild_id: string;
  channel_id: string;
  time: string;
  timezone: string;
  days: number;
  paused: number;
  paused_reason: string | null;
  next_due_at: number | null;
  skip_date: string | null;
  pause_notice_pending: number;
  updated_at: number;
}

export interface SetupInput {
  guildId: string;
  channelId: string;
  /** 'HH:MM' local time. */
  time: string;
  /** IANA name, e.g. 'America/Sao_Paulo'. */
  timezone: string;
  /** Mask (bit 0 = Monday), weekday numbers (1 = Mon … 7 = Sun) or names ('mon', 'seg', …). Default: every day. */
  days?: number | ReadonlyArray<number | string>;
}

export interface ScheduleStatus {
  guildId: string;
  channelId: string;
  time: string;
  timezone: string;
  days: Weekday[];
  daysMask: number;
  paused: boolean;
  /** 'manual' for /quiz pause; a problem code (e.g. 'channel_missing') when the bot paused itself. */
  pausedReason: string | null;
  /** Next post instant (epoch ms), null while paused. May lie in the past if the bot was down: it posts on start. */
  nextPostAt: number | null;
  /** The same instant in the server's timezone, ISO with offset: "2024-03-11T09:00-04:00". */
  nextPostLocal: string | null;
  skipDate: string | null;
}

const statements = statementCache((db) => ({
  get: db.prepare<[string], ScheduleRow>('SELECT * FROM quiz_schedules WHERE guild_id = ?'),
  upsert: db.prepare<[string, string, string, string, number, number | null, string | null, number]>(
    `INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, days, paused, paused_reason, next_due_at, skip_date, updated_at)
     VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, time = excluded.time,
       timezone = excluded.timezone, days = excluded.days, paused = 0, paused_reason = NULL,
       next_due_at = excluded.next_due_at, skip_date = excluded.skip_date, pause_notice_pending = 0, updated_at = excluded.updated_at`,
  ),
  pause: db.prepare<[string, number, number, string]>(
    'UPDATE quiz_schedules SET paused = 1, paused_reason = ?, pause_notice_pending = ?, next_due_at = NULL, updated_at = ? WHERE guild_id = ?',
  ),
  resume: db.prepare<[number | null, number, string]>(
    'UPDATE quiz_schedules SET paused = 0, paused_reason = NULL, pause_notice_pending = 0, next_due_at = ?, updated_at = ? WHERE guild_id = ?',
  ),
  takePauseNotice: db.prepare<[string], { paused_reason: string | null; channel_id: string }>(
    `UPDATE quiz_schedules SET pause_notice_pending = 0 WHERE guild_id = ? AND pause_notice_pending = 1 AND paused = 1
     RETURNING paused_reason, channel_id`,
  ),
  skip: db.prepare<[string, number | null, number, string]>(
    'UPDATE quiz_schedules SET skip_date = ?, next_due_at = ?, updated_at = ? WHERE guild_id = ?',
  ),
  advance: db.prepare<[number, string | null, string]>(
    'UPDATE quiz_schedules SET next_due_at = ?, skip_date = ? WHERE guild_id = ?',
  ),
  due: db.prepare<[number, number], { guild_id: string }>(
    'SELECT guild_id FROM quiz_schedules WHERE next_due_at <= ? ORDER BY next_due_at LIMIT ?',
  ),
  postOn: db.prepare<[string, string], { id: number }>('SELECT id FROM quiz_posts WHERE guild_id = ? AND local_date = ?'),
  // Open posts follow the schedule: their window closes when the next post is due.
  moveOpenWindows: db.prepare<[number, string, number]>(
    `UPDATE quiz_posts SET window_closes_at = ? WHERE guild_id = ? AND status IN ('claimed', 'sent')
       AND (window_closes_at IS NULL OR window_closes_at > ?)`,
  ),
}));

export function ruleOf(row: Pick<ScheduleRow, 'time' | 'timezone' | 'days' | 'skip_date'>): ScheduleRule {
  return { time: parseClockTime(row.time), timezone: row.timezone, days: row.days, skipDate: row.skip_date };
}

export function getScheduleRow(db: Db, guildId: string): ScheduleRow | undefined {
  return statements(db).get.get(guildId);
}

function requireSchedule(db: Db, guildId: string): ScheduleRow {
  const row = getScheduleRow(db, guildId);
  if (!row) throw new ScheduleError('not_configured', `server ${guildId} has no quiz schedule`);
  return row;
}

function toStatus(row: ScheduleRow): ScheduleStatus {
  return {
    guildId: row.guild_id,
    channelId: row.channel_id,
    time: row.time,
    timezone: row.timezone,
    days: daysFromMask(row.days),
    daysMask: row.days,
    paused: row.paused === 1,
    pausedReason: row.paused_reason,
    nextPostAt: row.next_due_at,
    nextPostLocal: row.next_due_at === null ? null : formatLocal(row.next_due_at, row.timezone),
    skipDate: row.skip_date,
  };
}

export interface SetupResult extends ScheduleStatus {
  /** A pending `/quiz skip` the new schedule made meaningless (a day it no longer posts, or already past): dropped. */
  clearedSkipDate: string | null;
}

/**
 * Creates or replaces a server's schedule and (re)activates it. The first post is the next occurrence
 * strictly after now: setting up at 10:00 for 09:00 posts tomorrow, not immediately. A pending skip is kept
 * while the new schedule would still post on that day; otherwise it is dropped and returned as clearedSkipDate.
 */
export function setupSchedule(db: Db, input: SetupInput, nowMs: number): SetupResult {
  if (!input.channelId.trim()) throw new ScheduleError('invalid_channel', 'a channel id is required');
  const time = formatClockTime(parseClockTime(input.time));
  const timezone = canonicalTimezone(input.timezone);
  const days = parseDays(input.days);
  const rule: ScheduleRule = { time: parseClockTime(time), timezone, days, skipDate: null };
  return db.transaction(() => {
    const s = statements(db);
    const pendingSkip = getScheduleRow(db, input.guildId)?.skip_date ?? null;
    const skipDate = pendingSkip !== null && skipStillApplies(rule, pendingSkip, nowMs) ? pendingSkip : null;
    const next = nextOccurrence({ ...rule, skipDate }, nowMs);
    s.upsert.run(input.guildId, input.channelId, time, timezone, days, next.at, skipDate, nowMs);
    s.moveOpenWindows.run(next.at, input.guildId, nowMs);
    return { ...toStatus(requireSchedule(db, input.guildId)), clearedSkipDate: skipDate === null ? pendingSkip : null };
  }).immediate();
}

/** A skipped day still means something when the rule posts on that weekday and that day's post is still ahead. */
function skipStillApplies(rule: ScheduleRule, skipDate: string, nowMs: number): boolean {
  return isScheduledDate(rule, skipDate) && skipDate >= nextOccurrence(rule, nowMs).localDate;
}

/** Pauses posting (admin command). Throws 'already_paused' when paused already. */
export function pauseSchedule(db: Db, guildId: string, nowMs: number): ScheduleStatus {
  return db.transaction(() => {
    const row = requireSchedule(db, guildId);
    if (row.paused) throw new ScheduleError('already_paused', `server ${guildId} is already paused (${row.paused_reason})`);
    statements(db).pause.run('manual', 0, nowMs, guildId);
    return toStatus(requireSchedule(db, guildId));
  }).immediate();
}

/**
 * The bot cannot post in this server (channel deleted, permission lost…): pause this server only and keep
 * the reason for /quiz status. Idempotent; returns false when the server has no schedule.
 */
export function pauseForProblem(db: Db, guildId: string, reason: string, nowMs: number = Date.now()): boolean {
  // The admins learn of it once: the next one to run a /quiz command (takePauseNotice).
  return statements(db).pause.run(reason, 1, nowMs, guildId).changes > 0;
}

/**
 * The reason and channel of a pause the bot made itself that no admin has been told of yet, or null. Only
 * one caller gets it per pause (the flag is cleared in the same statement): the admin is told once.
 */
export function takePauseNotice(db: Db, guildId: string): { reason: string; channelId: string } | null {
  const row = statements(db).takePauseNotice.get(guildId);
  return row ? { reason: row.paused_reason ?? 'manual', channelId: row.channel_id } : null;
}

/**
 * Resumes posting. Like a restart, today's post goes out right away if it is missing and its window
 * (until the next scheduled post) is still open. A day whose post failed (e.g. the channel was deleted)
 * keeps its failed claim: the next post is the next scheduled day.
 */
export function resumeSchedule(db: Db, guildId: string, nowMs: number): ScheduleStatus {
  return db.transaction(() => {
    const row = requireSchedule(db, guildId);
    if (!row.paused) throw new ScheduleError('not_paused', `server ${guildId} is not paused`);
    const s = statements(db);
    const rule = ruleOf(row);
    const latest = latestOccurrence(rule, nowMs);
    const catchUp = isCatchable(latest, rule.timezone, nowMs) && !s.postOn.get(guildId, latest.localDate);
    s.resume.run(catchUp ? latest.at : nextOccurrence(rule, nowMs).at, nowMs, guildId);
    return toStatus(requireSchedule(db, guildId));
  }).immediate();
}

/** Skips the next scheduled day (one pending skip at a time). */
export function skipNextPost(db: Db, guildId: string, nowMs: number): ScheduleStatus {
  return db.transaction(() => {
    const row = requireSchedule(db, guildId);
    const rule = ruleOf(row);
    const upcoming = nextOccurrence({ ...rule, skipDate: null }, nowMs);
    if (row.skip_date === upcoming.localDate) {
      throw new ScheduleError('already_skipped', `server ${guildId} already skips ${row.skip_date}`);
    }
    const after = nextOccurrence({ ...rule, skipDate: upcoming.localDate }, nowMs);
    const s = statements(db);
    s.skip.run(upcoming.localDate, row.paused ? null : after.at, nowMs, guildId);
    if (!row.paused) s.moveOpenWindows.run(after.at, guildId, nowMs);
    return toStatus(requireSchedule(db, guildId));
  }).immediate();
}

export function scheduleStatus(db: Db, guildId: string): ScheduleStatus | null {
  const row = getScheduleRow(db, guildId);
  return row ? toStatus(row) : null;
}

/**
 * Servers whose next post is due (next_due_at <= now), oldest first: one indexed range scan, meant for a
 * single cron tick per minute. Paused servers have no next_due_at and never show up.
 */
export function findDueGuilds(db: Db, nowMs: number, limit = 10_000): string[] {
  return statements(db).due.all(nowMs, limit).map((row) => row.guild_id);
}

/** A post whose time has passed may still go out if it is the same local day (or within the grace). */
export function isCatchable(occurrence: { localDate: string; at: number }, timezone: string, nowMs: number): boolean {
  return occurrence.localDate === localDateOf(nowMs, timezone) || nowMs - occurrence.at <= CATCH_UP_GRACE_MS;
}

/** After a claim (or a missed day): point the schedule at the next post and forget a skip that has passed. */
export function advanceSchedule(db: Db, row: ScheduleRow, nowMs: number): { at: number; localDate: string } {
  const next = nextOccurrence(ruleOf(row), nowMs);
  const skip = row.skip_date !== null && row.skip_date >= localDateOf(nowMs, row.timezone) ? row.skip_date : null;
  statements(db).advance.run(next.at, skip, row.guild_id);
  return next;
}
