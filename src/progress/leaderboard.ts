/**
 * Leaderboards: top N plus the caller's own rank, for points, accuracy or current streak, this ISO week
 * (Monday start), this month or all time, in the server's local calendar.
 *
 * Rank = 1 + the number of listed members with a strictly better score (ties share a rank). Top N walks an
 * index in score order; "my rank" sums leaderboard_counts over higher scores (a few hundred rows at most),
 * so both stay fast with 100,000 members. Accuracy ranks by per-mille accuracy (one decimal of a percent),
 * among members with at least ACCURACY_MIN_ANSWERS answers in the period; ties are listed by answers, then id.
 * The streak board ranks current streaks (> 0) and ignores the period; it settles closed windows first so
 * nobody is ranked on a streak that a missed day already ended.
 */
import { ACCURACY_MIN_ANSWERS, LEADERBOARD_SIZE } from './constants.ts';
import { guildTimeZone, statementCache, type Db } from './db.ts';
import { localDateOf, periodKey, type Period } from './dates.ts';
import { accuracyBoard, pointsBoard, STREAK_BOARD } from './rollups.ts';
import { settleClosedWindows } from './settle.ts';

export type LeaderboardMetric = 'streak' | 'points' | 'accuracy';

export interface LeaderboardOptions {
  metric: LeaderboardMetric;
  period: Period;
  /** The member asking: their own rank is returned even outside the top. */
  userId?: string;
  /** epoch ms, default Date.now(). */
  now?: number;
  /** The server's IANA zone; default its quiz schedule's zone, then UTC. */
  timezone?: string;
  /** Members known to have left (Discord tells us only with a privileged intent): not ranked, not counted. */
  excludeUserIds?: Iterable<string>;
  limit?: number;
}

export interface LeaderboardEntry {
  rank: number;
  userId: string;
  /** Points, accuracy (0..1, per-mille precision) or current streak. */
  value: number;
  answered: number;
  correct: number;
  points: number;
  /** Streak board only. */
  best?: number;
}

export interface Leaderboard {
  metric: LeaderboardMetric;
  period: Period;
  /** 'all', '2024-W05', '2024-02', or 'now' for streaks. */
  periodKey: string;
  /** Members ranked on this board (after exclusions). */
  ranked: number;
  minAnswers: number;
  entries: LeaderboardEntry[];
  /** The caller's row; null when they are not on this board (no answers, too few, left, streak 0). */
  me: LeaderboardEntry | null;
}

interface StatRow {
  user_id: string;
  points: number;
  answered: number;
  correct: number;
  acc_pm: number | null;
  listed: number;
}

interface StreakRow {
  user_id: string;
  current_streak: number;
  best_streak: number;
  daily_answered: number;
  daily_correct: number;
  left_at: number | null;
}

const statements = statementCache((db) => ({
  topPoints: db.prepare<[string, string, number], StatRow>(
    `SELECT user_id, points, answered, correct, acc_pm, listed FROM member_period_stats
     WHERE guild_id = ? AND period = ? AND listed = 1 ORDER BY points DESC, user_id LIMIT ?`,
  ),
  topAccuracy: db.prepare<[string, string, number], StatRow>(
    `SELECT user_id, points, answered, correct, acc_pm, listed FROM member_period_stats
     WHERE guild_id = ? AND period = ? AND listed = 1 AND acc_pm IS NOT NULL
     ORDER BY acc_pm DESC, answered DESC, user_id LIMIT ?`,
  ),
  topStreak: db.prepare<[string, number], StreakRow>(
    `SELECT user_id, current_streak, best_streak, daily_answered, daily_correct, left_at FROM member_progress
     WHERE guild_id = ? AND current_streak > 0 AND left_at IS NULL ORDER BY current_streak DESC, user_id LIMIT ?`,
  ),
  stat: db.prepare<[string, string, string], StatRow>(
    'SELECT user_id, points, answered, correct, acc_pm, listed FROM member_period_stats WHERE guild_id = ? AND user_id = ? AND period = ?',
  ),
  streak: db.prepare<[string, string], StreakRow>(
    `SELECT user_id, current_streak, best_streak, daily_answered, daily_correct, left_at FROM member_progress
     WHERE guild_id = ? AND user_id = ?`,
  ),
  allPoints: db
    .prepare<[string, string], number>(`SELECT points FROM member_period_stats WHERE guild_id = ? AND user_id = ? AND period = 'all'`)
    .pluck(),
  better: db
    .prepare<[string, string, number], number>(
      'SELECT coalesce(sum(members), 0) FROM leaderboard_counts WHERE guild_id = ? AND board = ? AND score > ?',
    )
    .pluck(),
  total: db
    .prepare<[string, string], number>('SELECT coalesce(sum(members), 0) FROM leaderboard_counts WHERE guild_id = ? AND board = ?')
    .pluck(),
}));

interface Scored {
  entry: Omit<LeaderboardEntry, 'rank'>;
  score: number;
}

function scoredStat(row: StatRow | undefined, metric: 'points' | 'accuracy'): Scored | null {
  if (!row || row.listed !== 1) return null;
  if (metric === 'accuracy' && row.acc_pm === null) return null;
  const score = metric === 'points' ? row.points : row.acc_pm!;
  return {
    score,
    entry: {
      userId: row.user_id,
      value: metric === 'points' ? row.points : score / 1000,
      answered: row.answered,
      correct: row.correct,
      points: row.points,
    },
  };
}

function scoredStreak(db: Db, guildId: string, row: StreakRow | undefined): Scored | null {
  if (!row || row.left_at !== null || row.current_streak <= 0) return null;
  return {
    score: row.current_streak,
    entry: {
      userId: row.user_id,
      value: row.current_streak,
      answered: row.daily_answered,
      correct: row.daily_correct,
      points: statements(db).allPoints.get(guildId, row.user_id) ?? 0,
      best: row.best_streak,
    },
  };
}

export function getLeaderboard(db: Db, guildId: string, options: LeaderboardOptions): Leaderboard {
  const now = options.now ?? Date.now();
  const limit = options.limit ?? LEADERBOARD_SIZE;
  const excluded = new Set(options.excludeUserIds ?? []);
  const { metric, period } = options;
  if (metric === 'streak') settleClosedWindows(db, guildId, now);
  return db.transaction(() => {
    const s = statements(db);
    const key = metric === 'streak' ? 'now' : periodKey(period, localDateOf(now, options.timezone ?? guildTimeZone(db, guildId)));
    const board = metric === 'streak' ? STREAK_BOARD : metric === 'points' ? pointsBoard(key) : accuracyBoard(key);
    const lookup = (userId: string): Scored | null =>
      metric === 'streak' ? scoredStreak(db, guildId, s.streak.get(guildId, userId)) : scoredStat(s.stat.get(guildId, userId, key), metric);

    // Top N: read enough rows to still have N after dropping excluded members.
    const fetch = limit + excluded.size;
    const top: Scored[] =
      metric === 'streak'
        ? s.topStreak.all(guildId, fetch).map((r) => scoredStreak(db, guildId, r)!)
        : (metric === 'points' ? s.topPoints : s.topAccuracy).all(guildId, key, fetch).map((r) => scoredStat(r, metric)!);
    const entries: LeaderboardEntry[] = [];
    let previousScore = Number.NaN;
    let previousRank = 0;
    for (const item of top) {
      if (excluded.has(item.entry.userId)) continue;
      if (entries.length === limit) break;
      const rank = item.score === previousScore ? previousRank : entries.length + 1;
      previousScore = item.score;
      previousRank = rank;
      entries.push({ rank, ...item.entry });
    }

    // Excluded members still sit in the counts: look them up to subtract them.
    const excludedScores: number[] = [];
    for (const userId of excluded) {
      const scored = lookup(userId);
      if (scored) excludedScores.push(scored.score);
    }
    const ranked = s.total.get(guildId, board)! - excludedScores.length;

    let me: LeaderboardEntry | null = null;
    if (options.userId !== undefined && !excluded.has(options.userId)) {
      const mine = lookup(options.userId);
      if (mine) {
        const listed = entries.find((e) => e.userId === options.userId);
        const better = s.better.get(guildId, board, mine.score)! - excludedScores.filter((score) => score > mine.score).length;
        me = listed ?? { rank: better + 1, ...mine.entry };
      }
    }
    return { metric, period, periodKey: key, ranked, minAnswers: ACCURACY_MIN_ANSWERS, entries, me };
  })();
}
