/**
 * Per-server schedule: setup, pause, resume, skip, status, and the due lookup for the single per-minute tick.
 * Invariant: `next_due_at` is the instant of the next post to claim, or NULL while paused.
 */
import type { Db, Queries } from './db.ts';
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

const SQL = {
  get: 'SELECT * FROM quiz_schedules WHERE guild_id = ?',
  upsert: `INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, days, paused, paused_reason, next_due_at, skip_date, updated_at)
     VALUES (?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)
     ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id, time = excluded.time,
       timezone = excluded.timezone, days = excluded.days, paused = 0, paused_reason = NULL,
       next_due_at = excluded.next_due_at, skip_date = excluded.skip_date, pause_notice_pending = 0, updated_at = excluded.updated_at`,
  pause:
    'UPDATE quiz_schedules SET paused = 1, paused_reason = ?, pause_notice_pending = ?, next_due_at = NULL, updated_at = ? WHERE guild_id = ?',
  resume:
    'UPDATE quiz_schedules SET paused = 0, paused_reason = NULL, pause_notice_pending = 0, next_due_at = ?, updated_at = ? WHERE guild_id = ?',
  takePauseNotice: `UPDATE quiz_schedules SET pause_notice_pending = 0 WHERE guild_id = ? AND pause_notice_pending = 1 AND paused = 1
     RETURNING paused_reason, channel_id`,
  skip: 'UPDATE quiz_schedules SET skip_date = ?, next_due_at = ?, updated_at = ? WHERE guild_id = ?',
  advance: 'UPDATE quiz_schedules SET next_due_at = ?, skip_date = ? WHERE guild_id = ?',
  // A range scan on the due index (quiz_schedules_due); paused servers (NULL) are not in it.
  due: 'SELECT guild_id FROM quiz_schedules WHERE next_due_at <= ? ORDER BY next_due_at LIMIT ?',
  postOn: 'SELECT id FROM quiz_posts WHERE guild_id = ? AND local_date = ?',
  // Open posts follow the schedule: their window closes when the next post is due.
  moveOpenWindows: `UPDATE quiz_posts SET window_closes_at = ? WHERE guild_id = ? AND status IN ('claimed', 'sent')
       AND (window_closes_at IS NULL OR window_closes_at > ?)`,
} as const;

export function ruleOf(row: Pick<ScheduleRow, 'time' | 'timezone' | 'days' | 'skip_date'>): ScheduleRule {
  return { time: parseClockTime(row.time), timezone: row.timezone, days: row.days, skipDate: row.skip_date };
}

export async function getScheduleRow(db: Queries, guildId: string): Promise<ScheduleRow | undefined> {
  return db.get<ScheduleRow>(SQL.get, [guildId]);
}

async function requireSchedule(db: Queries, guildId: string): Promise<ScheduleRow> {
  const row = await getScheduleRow(db, guildId);
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
export async function setupSchedule(db: Db, input: SetupInput, nowMs: number): Promise<SetupResult> {
  if (!input.channelId.trim()) throw new ScheduleError('invalid_channel', 'a channel id is required');
  const time = formatClockTime(parseClockTime(input.time));
  const timezone = canonicalTimezone(input.timezone);
  const days = parseDays(input.days);
  const rule: ScheduleRule = { time: parseClockTime(time), timezone, days, skipDate: null };
  return db.transaction(async (tx) => {
    const pendingSkip = (await getScheduleRow(tx, input.guildId))?.skip_date ?? null;
    const skipDate = pendingSkip !== null && skipStillApplies(rule, pendingSkip, nowMs) ? pendingSkip : null;
    const next = nextOccurrence({ ...rule, skipDate }, nowMs);
    await tx.run(SQL.upsert, [input.guildId, input.channelId, time, timezone, days, next.at, skipDate, nowMs]);
    await tx.run(SQL.moveOpenWindows, [next.at, input.guildId, nowMs]);
    return { ...toStatus(await requireSchedule(tx, input.guildId)), clearedSkipDate: skipDate === null ? pendingSkip : null };
  });
}

/** A skipped day still means something when the rule posts on that weekday and that day's post is still ahead. */
function skipStillApplies(rule: ScheduleRule, skipDate: string, nowMs: number): boolean {
  return isScheduledDate(rule, skipDate) && skipDate >= nextOccurrence(rule, nowMs).localDate;
}

/** Pauses posting (admin command). Throws 'already_paused' when paused already. */
export async function pauseSchedule(db: Db, guildId: string, nowMs: number): Promise<ScheduleStatus> {
  return db.transaction(async (tx) => {
    const row = await requireSchedule(tx, guildId);
    if (row.paused) throw new ScheduleError('already_paused', `server ${guildId} is already paused (${row.paused_reason})`);
    await tx.run(SQL.pause, ['manual', 0, nowMs, guildId]);
    return toStatus(await requireSchedule(tx, guildId));
  });
}

/**
 * The bot cannot post in this server (channel deleted, permission lost…): pause this server only and keep
 * the reason for /quiz status. Idempotent; returns false when the server has no schedule.
 */
export async function pauseForProblem(db: Queries, guildId: string, reason: string, nowMs: number = Date.now()): Promise<boolean> {
  // The admins learn of it once: the next one to run a /quiz command (takePauseNotice).
  return (await db.run(SQL.pause, [reason, 1, nowMs, guildId])).changes > 0;
}

/**
 * The reason and channel of a pause the bot made itself that no admin has been told of yet, or null. Only
 * one caller gets it per pause (the flag is cleared in the same statement): the admin is told once.
 */
export async function takePauseNotice(db: Queries, guildId: string): Promise<{ reason: string; channelId: string } | null> {
  const row = await db.get<{ paused_reason: string | null; channel_id: string }>(SQL.takePauseNotice, [guildId]);
  return row ? { reason: row.paused_reason ?? 'manual', channelId: row.channel_id } : null;
}

/**
 * Resumes posting. Like a restart, today's post goes out right away if it is missing and its window
 * (until the next scheduled post) is still open. A day whose post failed (e.g. the channel was deleted)
 * keeps its failed claim: the next post is the next scheduled day.
 */
export async function resumeSchedule(db: Db, guildId: string, nowMs: number): Promise<ScheduleStatus> {
  return db.transaction(async (tx) => {
    const row = await requireSchedule(tx, guildId);
    if (!row.paused) throw new ScheduleError('not_paused', `server ${guildId} is not paused`);
    const rule = ruleOf(row);
    const latest = latestOccurrence(rule, nowMs);
    const catchUp = isCatchable(latest, rule.timezone, nowMs) && !(await tx.get(SQL.postOn, [guildId, latest.localDate]));
    await tx.run(SQL.resume, [catchUp ? latest.at : nextOccurrence(rule, nowMs).at, nowMs, guildId]);
    return toStatus(await requireSchedule(tx, guildId));
  });
}

/** Skips the next scheduled day (one pending skip at a time). */
export async function skipNextPost(db: Db, guildId: string, nowMs: number): Promise<ScheduleStatus> {
  return db.transaction(async (tx) => {
    const row = await requireSchedule(tx, guildId);
    const rule = ruleOf(row);
    const upcoming = nextOccurrence({ ...rule, skipDate: null }, nowMs);
    if (row.skip_date === upcoming.localDate) {
      throw new ScheduleError('already_skipped', `server ${guildId} already skips ${row.skip_date}`);
    }
    const after = nextOccurrence({ ...rule, skipDate: upcoming.localDate }, nowMs);
    await tx.run(SQL.skip, [upcoming.localDate, row.paused ? null : after.at, nowMs, guildId]);
    if (!row.paused) await tx.run(SQL.moveOpenWindows, [after.at, guildId, nowMs]);
    return toStatus(await requireSchedule(tx, guildId));
  });
}

export async function scheduleStatus(db: Queries, guildId: string): Promise<ScheduleStatus | null> {
  const row = await getScheduleRow(db, guildId);
  return row ? toStatus(row) : null;
}

/**
 * Servers whose next post is due (next_due_at <= now), oldest first: one indexed range scan, meant for a
 * single cron tick per minute. Paused servers have no next_due_at and never show up.
 */
export async function findDueGuilds(db: Queries, nowMs: number, limit = 10_000): Promise<string[]> {
  return (await db.all<{ guild_id: string }>(SQL.due, [nowMs, limit])).map((row) => row.guild_id);
}

/** A post whose time has passed may still go out if it is the same local day (or within the grace). */
export function isCatchable(occurrence: { localDate: string; at: number }, timezone: string, nowMs: number): boolean {
  return occurrence.localDate === localDateOf(nowMs, timezone) || nowMs - occurrence.at <= CATCH_UP_GRACE_MS;
}

/** After a claim (or a missed day): point the schedule at the next post and forget a skip that has passed. */
export async function advanceSchedule(db: Queries, row: ScheduleRow, nowMs: number): Promise<{ at: number; localDate: string }> {
  const next = nextOccurrence(ruleOf(row), nowMs);
  const skip = row.skip_date !== null && row.skip_date >= localDateOf(nowMs, row.timezone) ? row.skip_date : null;
  await db.run(SQL.advance, [next.at, skip, row.guild_id]);
  return next;
}
