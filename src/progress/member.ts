/** member_progress rows: a member's streak state and all-time daily counts in one server. */
import { statementCache, type Db } from './db.ts';
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

const statements = statementCache((db) => ({
  get: db.prepare<[string, string], MemberRow>('SELECT * FROM member_progress WHERE guild_id = ? AND user_id = ?'),
  put: db.prepare<MemberRow>(
    `INSERT INTO member_progress (guild_id, user_id, current_streak, best_streak, freezes, freezes_used, last_seq,
       last_answered_seq, daily_answered, daily_correct, topics, left_at, updated_at, points, answered, correct,
       week_key, week_points, week_answered, week_correct, month_key, month_points, month_answered, month_correct)
     VALUES (@guild_id, @user_id, @current_streak, @best_streak, @freezes, @freezes_used, @last_seq,
       @last_answered_seq, @daily_answered, @daily_correct, @topics, @left_at, @updated_at, @points, @answered, @correct,
       @week_key, @week_points, @week_answered, @week_correct, @month_key, @month_points, @month_answered, @month_correct)
     ON CONFLICT (guild_id, user_id) DO UPDATE SET current_streak = excluded.current_streak,
       best_streak = excluded.best_streak, freezes = excluded.freezes, freezes_used = excluded.freezes_used,
       last_seq = excluded.last_seq, last_answered_seq = excluded.last_answered_seq,
       daily_answered = excluded.daily_answered, daily_correct = excluded.daily_correct, topics = excluded.topics,
       left_at = excluded.left_at, updated_at = excluded.updated_at, points = excluded.points,
       answered = excluded.answered, correct = excluded.correct, week_key = excluded.week_key,
       week_points = excluded.week_points, week_answered = excluded.week_answered, week_correct = excluded.week_correct,
       month_key = excluded.month_key, month_points = excluded.month_points, month_answered = excluded.month_answered,
       month_correct = excluded.month_correct`,
  ),
}));

export function getMember(db: Db, guildId: string, userId: string): MemberRow | undefined {
  return statements(db).get.get(guildId, userId);
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

export function putMember(db: Db, row: MemberRow): void {
  statements(db).put.run(row);
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

/** Counts one answer on a topic in the member row (written by the caller with putMember). */
export function addTopicAnswer(row: MemberRow, topicId: string, correct: 0 | 1): void {
  const counts = topicCounts(row);
  const entry = counts[topicId] ?? [0, 0];
  entry[0] += 1;
  entry[1] += correct;
  counts[topicId] = entry;
  row.topics = JSON.stringify(counts);
}
