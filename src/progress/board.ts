/**
 * One leaderboard in memory: members bucketed by score, distinct scores kept in descending order. "Top N"
 * walks the scores from the highest, "my rank" sums the members above mine: both stay cheap at 100,000
 * members, and moving one member costs a few map operations.
 */
import type { MemberRow } from './member.ts';
import { accuracyPerMille, type ScoreColumns } from './scores.ts';

export type BoardMetric = 'streak' | 'points' | 'accuracy';

/** The member_progress columns a board ranks by. */
export type BoardMember = Pick<MemberRow, 'left_at' | 'current_streak' | ScoreColumns>;

/**
 * The accuracy board's key is accuracy (per mille) × ANSWERS_SPAN + answers in the period, so one bucket holds
 * members tied on both and ties on accuracy come out in the listing order (more answers first) without a
 * comparison per member. Ranks still go by accuracy alone: see rankedScore and sameRankCeiling.
 */
const ANSWERS_SPAN = 2 ** 20;

/** The score a rank is based on: points, current streak, or accuracy in per mille. */
export function rankedScore(metric: BoardMetric, key: number): number {
  return metric === 'accuracy' ? Math.floor(key / ANSWERS_SPAN) : key;
}

/** The highest key ranked like `key` (members with a higher key than this rank above it). */
export function sameRankCeiling(metric: BoardMetric, key: number): number {
  return metric === 'accuracy' ? rankedScore(metric, key) * ANSWERS_SPAN + ANSWERS_SPAN - 1 : key;
}

/** A member's key on a board; null when they are not on it (left, no answers in the period, too few, no streak). */
export function scoreOn(metric: BoardMetric, periodKey: string, member: BoardMember): number | null {
  if (member.left_at !== null) return null;
  if (metric === 'streak') return member.current_streak > 0 ? member.current_streak : null;
  // Called for every board on every answer: read the period's columns without building an object.
  if (periodKey === 'all') return periodScore(metric, member.points, member.answered, member.correct);
  if (periodKey === member.week_key) return periodScore(metric, member.week_points, member.week_answered, member.week_correct);
  if (periodKey === member.month_key) return periodScore(metric, member.month_points, member.month_answered, member.month_correct);
  return null;
}

function periodScore(metric: 'points' | 'accuracy', points: number, answered: number, correct: number): number | null {
  if (answered === 0) return null;
  if (metric === 'points') return points;
  const accuracy = accuracyPerMille(correct, answered);
  return accuracy === null ? null : accuracy * ANSWERS_SPAN + Math.min(answered, ANSWERS_SPAN - 1);
}

export interface Ranked {
  userId: string;
  score: number;
}

/** Members by score: buckets of members per distinct score, and the distinct scores in descending order. */
export class Board {
  private readonly buckets = new Map<number, Set<string>>();
  private readonly scoreOf = new Map<string, number>();
  /** Distinct scores, highest first. */
  private readonly scores: number[] = [];
  /** Bumped by every change; the last top list is reused while it stays the same. */
  private version = 0;
  private lastTop: { version: number; limit: number; skip: ReadonlySet<string>; result: Ranked[] } | undefined;

  constructor(
    readonly metric: BoardMetric,
    readonly periodKey: string,
  ) {}

  get size(): number {
    return this.scoreOf.size;
  }

  score(userId: string): number | undefined {
    return this.scoreOf.get(userId);
  }

  /** Puts the member at `score`, or takes them off the board (null). */
  set(userId: string, score: number | null): void {
    // Any write may reorder ties (accuracy ties go by answers), so it retires the cached top list.
    this.version++;
    const old = this.scoreOf.get(userId);
    if (old === score) return;
    if (old !== undefined) {
      const bucket = this.buckets.get(old)!;
      bucket.delete(userId);
      this.scoreOf.delete(userId);
      if (bucket.size === 0) {
        this.buckets.delete(old);
        this.scores.splice(this.position(old), 1);
      }
    }
    if (score === null) return;
    this.scoreOf.set(userId, score);
    const bucket = this.buckets.get(score);
    if (bucket) bucket.add(userId);
    else {
      this.buckets.set(score, new Set([userId]));
      this.scores.splice(this.position(score), 0, score);
    }
  }

  /** Members with a strictly higher score. */
  better(score: number): number {
    let count = 0;
    for (const s of this.scores) {
      if (s <= score) break;
      count += this.buckets.get(s)!.size;
    }
    return count;
  }

  /**
   * The best `limit` members not in `skip`, best first; within one score, ordered by `before` (ties broken
   * without sorting a whole large bucket: only the few that can still make the list are kept).
   */
  top(limit: number, skip: ReadonlySet<string>, before: (a: string, b: string) => boolean): Ranked[] {
    const last = this.lastTop;
    if (last && last.version === this.version && last.limit === limit && sameSet(last.skip, skip)) return last.result;
    const out: Ranked[] = [];
    for (const score of this.scores) {
      const want = limit - out.length;
      if (want <= 0) break;
      const chosen: string[] = [];
      for (const userId of this.buckets.get(score)!) {
        if (skip.has(userId)) continue;
        if (chosen.length === want && !before(userId, chosen[want - 1]!)) continue;
        let at = chosen.length === want ? want - 1 : chosen.length;
        while (at > 0 && before(userId, chosen[at - 1]!)) {
          chosen[at] = chosen[at - 1]!;
          at--;
        }
        chosen[at] = userId;
      }
      for (const userId of chosen) out.push({ userId, score });
    }
    this.lastTop = { version: this.version, limit, skip: new Set(skip), result: out };
    return out;
  }

  /** Index of `score` in the descending list, or where it would go. */
  private position(score: number): number {
    let low = 0;
    let high = this.scores.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.scores[mid]! > score) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Every member on the board with their score (consistency checks). */
  entries(): Ranked[] {
    return [...this.scoreOf].map(([userId, score]) => ({ userId, score }));
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}

