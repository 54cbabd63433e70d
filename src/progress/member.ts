/** member_progress rows: a member's streak state and all-time daily counts in one server. */
import { isUniqueViolation } from '../storage/index.ts';
import type { Queries } from './db.ts';
import type { StreakState } from './streak-rules.ts';

export interface MemberRow {
  guild_id: string;
  user_id: string;
  current_streak: number;
  best_streak: number;
  freezes: number;
  freezes_used: number;
  last_seq: number;
  last_answered_seq: number;
  daily_answered: number;
  daily_correct: number;
  /** JSON {"330.1": [answered, correct], …}; see addTopicAnswer. */
  topics: string;
  left_at: number | null;
  updated_at: number;
  /** All-time totals, daily and practice (src/progress/scores.ts). */
  points: number;
  answered: number;
  correct: number;
  /** This ISO week's totals; week_key null before the first answer. */
  week_key: string | null;
  week_points: number;
  week_answered: number;
  week_correct: number;
  /** This month's totals. */
  month_key: string | null;
  month_points: number;
  month_answered: number;
  month_correct: number;
}

const COLUMNS = [
  'guild_id', 'user_id', 'current_streak', 'best_streak', 'freezes', 'freezes_used', 'last_seq', 'last_answered_seq',
  'daily_answered', 'daily_correct', 'topics', 'left_at', 'updated_at', 'points', 'answered', 'correct', 'week_key',
  'week_points', 'week_answered', 'week_correct', 'month_key', 'month_points', 'month_answered', 'month_correct',
] as const;

const GET_SQL = 'SELECT * FROM member_progress WHERE guild_id = ? AND user_id = ?';
const INSERT_SQL = `INSERT INTO member_progress (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
const UPDATE_SQL = `UPDATE member_progress SET current_streak = ?, best_streak = ?, freezes = ?, freezes_used = ?, last_seq = ?,
   last_answered_seq = ?, daily_answered = ?, daily_correct = ?, topics = ?, left_at = ?, updated_at = ?, points = ?,
   answered = ?, correct = ?, week_key = ?, week_points = ?, week_answered = ?, week_correct = ?, month_key = ?,
   month_points = ?, month_answered = ?, month_correct = ?
 WHERE guild_id = ? AND user_id = ?`;

export async function getMember(db: Queries, guildId: string, userId: string): Promise<MemberRow | undefined> {
  return db.get<MemberRow>(GET_SQL, [guildId, userId]);
}

export function newMember(guildId: string, userId: string, now: number): MemberRow {
  return {
    guild_id: guildId,
    user_id: userId,
    current_streak: 0,
    best_streak: 0,
    freezes: 0,
    freezes_used: 0,
    last_seq: 0,
    last_answered_seq: 0,
    daily_answered: 0,
    daily_correct: 0,
    topics: '{}',
    left_at: null,
    updated_at: now,
    points: 0,
    answered: 0,
    correct: 0,
    week_key: null,
    week_points: 0,
    week_answered: 0,
    week_correct: 0,
    month_key: null,
    month_points: 0,
    month_answered: 0,
    month_correct: 0,
  };
}

/**
 * Writes the member's row: `existed` says whether it was read from the database (an UPDATE by primary key,
 * one seek) or is new (an insert).
 */
/** The member row in memory and the one in the file disagree (the cache that said so is dropped). */
export class MemberRowMismatchError extends Error {}

export async function saveMember(db: Queries, row: MemberRow, existed: boolean): Promise<void> {
  if (!existed) {
    try {
      await db.run(INSERT_SQL, COLUMNS.map((column) => row[column]));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new MemberRowMismatchError(`member_progress row of ${row.user_id} in ${row.guild_id} exists but was read as missing`);
      }
      throw error;
    }
    return;
  }
  const { changes } = await db.run(UPDATE_SQL, [
    row.current_streak, row.best_streak, row.freezes, row.freezes_used, row.last_seq, row.last_answered_seq,
    row.daily_answered, row.daily_correct, row.topics, row.left_at, row.updated_at, row.points, row.answered,
    row.correct, row.week_key, row.week_points, row.week_answered, row.week_correct, row.month_key,
    row.month_points, row.month_answered, row.month_correct, row.guild_id, row.user_id,
  ]);
  // The row was read as existing; anything else means memory and database disagree: fail (and roll back) loudly.
  if (changes !== 1) throw new MemberRowMismatchError(`member_progress row of ${row.user_id} in ${row.guild_id} was expected but not found`);
}

/** A copy with every column, built as one literal: all cached rows share one shape, which V8 reads fastest. */
export function copyMember(row: MemberRow): MemberRow {
  return {
    guild_id: row.guild_id,
    user_id: row.user_id,
    current_streak: row.current_streak,
    best_streak: row.best_streak,
    freezes: row.freezes,
    freezes_used: row.freezes_used,
    last_seq: row.last_seq,
    last_answered_seq: row.last_answered_seq,
    daily_answered: row.daily_answered,
    daily_correct: row.daily_correct,
    topics: row.topics,
    left_at: row.left_at,
    updated_at: row.updated_at,
    points: row.points,
    answered: row.answered,
    correct: row.correct,
    week_key: row.week_key,
    week_points: row.week_points,
    week_answered: row.week_answered,
    week_correct: row.week_correct,
    month_key: row.month_key,
    month_points: row.month_points,
    month_answered: row.month_answered,
    month_correct: row.month_correct,
  };
}

/**
 * Writes `source`'s columns into `target` (a cached row): the cache keeps one long-lived object per member
 * instead of promoting a new one to the old generation on every answer and leaving the last one as garbage.
 */
export function assignMember(target: MemberRow, source: MemberRow): void {
  target.current_streak = source.current_streak;
  target.best_streak = source.best_streak;
  target.freezes = source.freezes;
  target.freezes_used = source.freezes_used;
  target.last_seq = source.last_seq;
  target.last_answered_seq = source.last_answered_seq;
  target.daily_answered = source.daily_answered;
  target.daily_correct = source.daily_correct;
  target.topics = source.topics;
  target.left_at = source.left_at;
  target.updated_at = source.updated_at;
  target.points = source.points;
  target.answered = source.answered;
  target.correct = source.correct;
  target.week_key = source.week_key;
  target.week_points = source.week_points;
  target.week_answered = source.week_answered;
  target.week_correct = source.week_correct;
  target.month_key = source.month_key;
  target.month_points = source.month_points;
  target.month_answered = source.month_answered;
  target.month_correct = source.month_correct;
}

export function streakOf(row: MemberRow): StreakState {
  return { current: row.current_streak, best: row.best_streak, freezes: row.freezes, freezesUsed: row.freezes_used };
}

export function setStreak(row: MemberRow, state: StreakState): void {
  row.current_streak = state.current;
  row.best_streak = state.best;
  row.freezes = state.freezes;
  row.freezes_used = state.freezesUsed;
}

export type TopicCounts = Record<string, [answered: number, correct: number]>;

export function topicCounts(row: Pick<MemberRow, 'topics'>): TopicCounts {
  return JSON.parse(row.topics) as TopicCounts;
}

/** Counts one answer on a topic in the member row (written by the caller with saveMember). */
export function addTopicAnswer(row: MemberRow, topicId: string, correct: 0 | 1): void {
  const counts = topicCounts(row);
  const entry = counts[topicId] ?? [0, 0];
  entry[0] += 1;
  entry[1] += correct;
  counts[topicId] = entry;
  row.topics = JSON.stringify(counts);
}
