/**
 * Leaderboards: top N plus the caller's own rank, for points, accuracy or current streak, this ISO week
 * (Monday start), this month or all time, in the server's local calendar.
 *
 * Rank = 1 + the number of listed members with a strictly better score (ties share a rank). Boards live in
 * memory (src/progress/member-cache.ts, board.ts): top N walks the distinct scores from the highest, "my rank"
 * sums the members above mine, so both stay fast with 100,000 members. Accuracy ranks by per-mille accuracy
 * (one decimal of a percent), among members with at least ACCURACY_MIN_ANSWERS answers in the period; ties
 * are listed by answers (the board's key carries them), then id. The streak board ranks current streaks
 * (> 0) and ignores the period; it settles closed windows first so nobody is ranked on a streak that a
 * missed day already ended.
 */
import { ACCURACY_MIN_ANSWERS, LEADERBOARD_SIZE } from './constants.ts';
import { rankedScore, sameRankCeiling, type BoardMetric } from './board.ts';
import { guildBoards } from './member-cache.ts';
import type { MemberRow } from './member.ts';
import { guildTimeZone, type Db } from './db.ts';
import { localDateOf, periodKey, type Period } from './dates.ts';
import { totalsFor } from './scores.ts';
import { settleClosedWindows } from './settle.ts';

export type LeaderboardMetric = BoardMetric;

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

function entryOf(member: MemberRow, metric: LeaderboardMetric, key: string, score: number): Omit<LeaderboardEntry, 'rank'> {
  if (metric === 'streak') {
    return {
      userId: member.user_id,
      value: score,
      answered: member.daily_answered,
      correct: member.daily_correct,
      points: member.points,
      best: member.best_streak,
    };
  }
  const totals = totalsFor(member, key);
  return {
    userId: member.user_id,
    value: metric === 'points' ? score : score / 1000,
    answered: totals.answered,
    correct: totals.correct,
    points: totals.points,
  };
}

export async function getLeaderboard(db: Db, guildId: string, options: LeaderboardOptions): Promise<Leaderboard> {
  const now = options.now ?? Date.now();
  const limit = options.limit ?? LEADERBOARD_SIZE;
  const excluded = new Set(options.excludeUserIds ?? []);
  const { metric, period } = options;
  if (metric === 'streak') await settleClosedWindows(db, guildId, now);
  const key = metric === 'streak' ? 'now' : periodKey(period, localDateOf(now, options.timezone ?? (await guildTimeZone(db, guildId))));
  // From here on synchronous: the boards do not move while they are read.
  const guild = await guildBoards(db, guildId);
  const board = guild.board(metric, key);

  const entries: LeaderboardEntry[] = [];
  let previousScore = Number.NaN;
  let previousRank = 0;
  for (const { userId, score: boardKey } of board.top(limit, excluded, (a, b) => a < b)) {
    const score = rankedScore(metric, boardKey);
    const rank = score === previousScore ? previousRank : entries.length + 1;
    previousScore = score;
    previousRank = rank;
    entries.push({ rank, ...entryOf(guild.members.get(userId)!, metric, key, score) });
  }

  // Excluded members may still be on the board: leave them out of the counts too.
  const excludedScores: number[] = [];
  for (const userId of excluded) {
    const boardKey = board.score(userId);
    if (boardKey !== undefined) excludedScores.push(rankedScore(metric, boardKey));
  }
  const ranked = board.size - excludedScores.length;

  let me: LeaderboardEntry | null = null;
  const myKey = options.userId === undefined || excluded.has(options.userId) ? undefined : board.score(options.userId);
  if (myKey !== undefined) {
    const mine = rankedScore(metric, myKey);
    const listed = entries.find((e) => e.userId === options.userId);
    const better = board.better(sameRankCeiling(metric, myKey)) - excludedScores.filter((score) => score > mine).length;
    me = listed ?? { rank: better + 1, ...entryOf(guild.members.get(options.userId!)!, metric, key, mine) };
  }
  return { metric, period, periodKey: key, ranked, minAnswers: ACCURACY_MIN_ANSWERS, entries, me };
}
