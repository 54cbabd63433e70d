/**
 * Leaderboards served from memory. Per server, the ranking columns of every member_progress row are loaded
 * once (one scan), each board (streak, points or accuracy of one period) is built from them on first use,
 * and writers hand over the rows they committed. So "top 10 and my rank" costs a walk over distinct scores,
 * and recording an answer writes no index at all.
 *
 * The database stays the truth. A write nested in a caller's transaction (which may still roll back) marks
 * its members stale, and the next read re-reads their rows; another connection's commit, seen through
 * PRAGMA data_version, drops the cache, and the next read rebuilds it from member_progress.
 */
import { statementCache, type Db } from './db.ts';
import type { MemberRow } from './member.ts';
import { accuracyPerMille, type ScoreColumns } from './scores.ts';

export type BoardMetric = 'streak' | 'points' | 'accuracy';

/** The member_progress columns a board ranks by. */
export type BoardMember = Pick<
  MemberRow,
  'user_id' | 'left_at' | 'current_streak' | 'best_streak' | 'daily_answered' | 'daily_correct' | ScoreColumns
>;

const BOARD_COLUMNS = `user_id, left_at, current_streak, best_streak, daily_answered, daily_correct, points, answered, correct,
  week_key, week_points, week_answered, week_correct, month_key, month_points, month_answered, month_correct`;

const statements = statementCache((db) => ({
  guildMembers: db.prepare<[string], BoardMember>(`SELECT ${BOARD_COLUMNS} FROM member_progress WHERE guild_id = ?`),
  member: db.prepare<[string, string], BoardMember>(`SELECT ${BOARD_COLUMNS} FROM member_progress WHERE guild_id = ? AND user_id = ?`),
  dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
}));

/** A member's score on a board; null when they are not on it (left, no answers in the period, too few, no streak). */
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
  return metric === 'points' ? points : accuracyPerMille(correct, answered);
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

/** One server's members (ranking columns only) and the boards built so far. */
export class GuildBoards {
  private readonly boards = new Map<string, Board>();

  constructor(readonly members: Map<string, BoardMember>) {}

  board(metric: BoardMetric, periodKey: string): Board {
    const key = metric === 'streak' ? 'streak' : `${metric}:${periodKey}`;
    let board = this.boards.get(key);
    if (!board) {
      board = new Board(metric, metric === 'streak' ? 'now' : periodKey);
      for (const member of this.members.values()) board.set(member.user_id, scoreOn(metric, board.periodKey, member));
      this.boards.set(key, board);
    }
    return board;
  }

  /** The boards built so far. */
  built(): Board[] {
    return [...this.boards.values()];
  }

  /** The member's row as committed (null: deleted); the boards keep `row` itself. */
  update(userId: string, row: BoardMember | null): void {
    if (row) this.members.set(userId, row);
    else this.members.delete(userId);
    for (const board of this.boards.values()) board.set(userId, row ? scoreOn(board.metric, board.periodKey, row) : null);
  }
}

function pickBoardColumns(row: BoardMember): BoardMember {
  return {
    user_id: row.user_id,
    left_at: row.left_at,
    current_streak: row.current_streak,
    best_streak: row.best_streak,
    daily_answered: row.daily_answered,
    daily_correct: row.daily_correct,
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

interface Cache {
  dataVersion: number;
  guilds: Map<string, GuildBoards>;
  /** Per server, members written inside a transaction that had not committed when the boards heard of it. */
  stale: Map<string, Set<string>>;
}

const caches = new WeakMap<Db, Cache>();

/** This connection's cache, emptied when another connection has committed since it was filled. */
function cacheOf(db: Db): Cache {
  const version = statements(db).dataVersion.get()!;
  let cache = caches.get(db);
  if (!cache || cache.dataVersion !== version) {
    cache = { dataVersion: version, guilds: new Map(), stale: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

/** The server's boards, loaded from member_progress on first use. Call inside a read transaction. */
export function guildBoards(db: Db, guildId: string): GuildBoards {
  const cache = cacheOf(db);
  let guild = cache.guilds.get(guildId);
  if (!guild) {
    const members = new Map<string, BoardMember>();
    for (const row of statements(db).guildMembers.iterate(guildId)) members.set(row.user_id, row);
    guild = new GuildBoards(members);
    cache.guilds.set(guildId, guild);
  }
  const stale = cache.stale.get(guildId);
  if (stale) {
    cache.stale.delete(guildId);
    for (const userId of stale) guild.update(userId, statements(db).member.get(guildId, userId) ?? null);
  }
  return guild;
}

/** member_progress rows written by one transaction, handed to the boards once it has committed. */
export class MemberChanges {
  private readonly rows = new Map<string, { guildId: string; userId: string; row: BoardMember | null }>();

  put(guildId: string, row: BoardMember): void {
    this.rows.set(`${guildId}\u0000${row.user_id}`, { guildId, userId: row.user_id, row: pickBoardColumns(row) });
  }

  delete(guildId: string, userId: string): void {
    this.rows.set(`${guildId}\u0000${userId}`, { guildId, userId, row: null });
  }

  /** Patches the loaded boards; unloaded servers read the committed rows when they load. */
  apply(db: Db): void {
    const cache = caches.get(db);
    if (!cache) return;
    if (db.inTransaction) {
      // Nested in a caller's transaction that may still roll back: re-read these rows at the next read.
      for (const { guildId, userId } of this.rows.values()) {
        if (!cache.guilds.has(guildId)) continue;
        let stale = cache.stale.get(guildId);
        if (!stale) cache.stale.set(guildId, (stale = new Set()));
        stale.add(userId);
      }
      return;
    }
    // If another connection committed meanwhile, the next read sees PRAGMA data_version move and rebuilds.
    for (const { guildId, userId, row } of this.rows.values()) cache.guilds.get(guildId)?.update(userId, row);
  }
}

/**
 * Runs a write transaction (`run` must start and finish it) and then hands its member_progress changes to the
 * boards. If it throws, nothing reaches the boards.
 */
export function writeMembers<T>(db: Db, run: (changes: MemberChanges) => T): T {
  const changes = new MemberChanges();
  const result = run(changes);
  changes.apply(db);
  return result;
}
