/**
 * Rollups maintained at record time: per member per period ('all', ISO week, month) points/answered/correct
 * with the accuracy in per mille, and the leaderboard score counts that make
 * "my rank" a short SUM instead of a count over every member.
 */
import { ACCURACY_MIN_ANSWERS } from './constants.ts';
import { statementCache, type Db } from './db.ts';
import { isoWeekKey, monthKey } from './dates.ts';

export const STREAK_BOARD = 'streak';
export const pointsBoard = (period: string): string => `points:${period}`;
export const accuracyBoard = (period: string): string => `accuracy:${period}`;

/** Accuracy in per mille, rounded half up; null below ACCURACY_MIN_ANSWERS. Same formula as the SQL below. */
export function accuracyPerMille(correct: number, answered: number): number | null {
  return answered >= ACCURACY_MIN_ANSWERS ? Math.floor((correct * 2000 + answered) / (2 * answered)) : null;
}

export interface PeriodRow {
  period: string;
  points: number;
  answered: number;
  correct: number;
  acc_pm: number | null;
  listed: number;
}

/** Score-count changes collected during one transaction and written in one statement. */
export class CountDeltas {
  private readonly deltas = new Map<string, { board: string; score: number; delta: number }>();

  add(board: string, score: number, delta: number): void {
    const key = `${board}\u0000${score}`;
    const entry = this.deltas.get(key);
    if (entry) entry.delta += delta;
    else this.deltas.set(key, { board, score, delta });
  }

  /** Moves one member from `from` to `to` on a board (null = not on it). */
  move(board: string, from: number | null, to: number | null): void {
    if (from === to) return;
    if (from !== null) this.add(board, from, -1);
    if (to !== null) this.add(board, to, 1);
  }

  flush(db: Db, guildId: string): void {
    const rows = [...this.deltas.values()].filter((d) => d.delta !== 0);
    this.deltas.clear();
    for (let i = 0; i < rows.length; i += MAX_COUNT_ROWS) {
      const chunk = rows.slice(i, i + MAX_COUNT_ROWS);
      const params: (string | number)[] = [];
      for (const row of chunk) params.push(guildId, row.board, row.score, row.delta);
      countsStatement(db, chunk.length).run(params);
    }
  }
}

const MAX_COUNT_ROWS = 32;
const countStatements = new WeakMap<Db, Map<number, ReturnType<Db['prepare']>>>();

function countsStatement(db: Db, rows: number): ReturnType<Db['prepare']> {
  let byRows = countStatements.get(db);
  if (!byRows) {
    byRows = new Map();
    countStatements.set(db, byRows);
  }
  let statement = byRows.get(rows);
  if (!statement) {
    statement = db.prepare(
      `INSERT INTO leaderboard_counts (guild_id, board, score, members) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}
       ON CONFLICT (guild_id, board, score) DO UPDATE SET members = members + excluded.members`,
    );
    byRows.set(rows, statement);
  }
  return statement;
}

const ACC_SQL = (correct: string, answered: string) =>
  `CASE WHEN ${answered} >= ${ACCURACY_MIN_ANSWERS} THEN ((${correct}) * 2000 + ${answered}) / (2 * (${answered})) END`;

interface PeriodParams {
  g: string;
  u: string;
  all: string;
  week: string;
  month: string;
  points: number;
  correct: number;
  acc: number | null;
}

function periodUpsert(correct: boolean): string {
  const scoring = correct ? 'points = points + excluded.points, correct = correct + 1,' : '';
  return `INSERT INTO member_period_stats (guild_id, user_id, period, points, answered, correct, acc_pm, listed)
     VALUES (@g, @u, @all, @points, 1, @correct, @acc, 1), (@g, @u, @week, @points, 1, @correct, @acc, 1),
            (@g, @u, @month, @points, 1, @correct, @acc, 1)
     ON CONFLICT (guild_id, period, user_id) DO UPDATE SET ${scoring}
       answered = answered + 1,
       acc_pm = ${ACC_SQL(correct ? 'correct + 1' : 'correct', 'answered + 1')}
     RETURNING period, points, answered, correct, acc_pm, listed`;
}

/**
 * The server's distinct periods, one primary-key seek each (about 65 a year). A member's rows are found by
 * looking each period up, instead of keeping an index on (guild_id, user_id): that index held every row of
 * every period and took one more random page write for each new week/month row, on the record path.
 */
const GUILD_PERIODS = `WITH RECURSIVE periods(period) AS (
       SELECT (SELECT period FROM member_period_stats WHERE guild_id = @g ORDER BY period LIMIT 1)
       UNION ALL
       SELECT (SELECT period FROM member_period_stats WHERE guild_id = @g AND period > periods.period ORDER BY period LIMIT 1)
       FROM periods WHERE periods.period IS NOT NULL
     )`;

const statements = statementCache((db) => ({
  // Two shapes of the same upsert: SQLite updates an index only when its columns are assigned, so a wrong
  // answer (no points) leaves the points index alone.
  periodsCorrect: db.prepare<PeriodParams, PeriodRow>(periodUpsert(true)),
  periodsWrong: db.prepare<PeriodParams, PeriodRow>(periodUpsert(false)),
  memberPeriods: db.prepare<{ g: string; u: string }, PeriodRow>(
    `${GUILD_PERIODS} SELECT m.period, m.points, m.answered, m.correct, m.acc_pm, m.listed
     FROM periods CROSS JOIN member_period_stats m WHERE m.guild_id = @g AND m.period = periods.period AND m.user_id = @u`,
  ),
  setListed: db.prepare<{ listed: number; g: string; u: string }>(
    `${GUILD_PERIODS} UPDATE member_period_stats SET listed = @listed
     WHERE guild_id = @g AND period IN (SELECT period FROM periods) AND user_id = @u`,
  ),
  deleteMember: db.prepare<{ g: string; u: string }>(
    `${GUILD_PERIODS} DELETE FROM member_period_stats WHERE guild_id = @g AND period IN (SELECT period FROM periods) AND user_id = @u`,
  ),
}));

/** Deletes all of a member's period rows (forgetting them); call removeMemberFromCounts first. */
export function deleteMemberPeriods(db: Db, guildId: string, userId: string): number {
  return statements(db).deleteMember.run({ g: guildId, u: userId }).changes;
}

/**
 * Adds one answer to the member's 'all', week and month rows and records the score moves on the points and
 * accuracy boards. The member must be listed (callers restore a returning member first).
 */
export function addAnswerToRollups(
  db: Db,
  guildId: string,
  userId: string,
  localDate: string,
  correct: 0 | 1,
  points: number,
  deltas: CountDeltas,
): PeriodRow {
  const s = statements(db);
  if (correct === 0 && points !== 0) throw new Error('points without a correct answer');
  const rows = (correct ? s.periodsCorrect : s.periodsWrong).all({
    g: guildId,
    u: userId,
    all: 'all',
    week: isoWeekKey(localDate),
    month: monthKey(localDate),
    points,
    correct,
    acc: accuracyPerMille(correct, 1),
  });
  let all: PeriodRow | undefined;
  for (const row of rows) {
    if (row.period === 'all') all = row;
    if (row.listed !== 1) continue;
    const oldAnswered = row.answered - 1;
    const oldPoints = row.points - points;
    deltas.move(pointsBoard(row.period), oldAnswered === 0 ? null : oldPoints, row.points);
    deltas.move(accuracyBoard(row.period), oldAnswered === 0 ? null : accuracyPerMille(row.correct - correct, oldAnswered), row.acc_pm);
  }
  return all!;
}

/** Shows or hides all of a member's rows on the points and accuracy boards (member left / came back). */
export function setMemberListed(db: Db, guildId: string, userId: string, listed: boolean, deltas: CountDeltas): number {
  const s = statements(db);
  let changed = 0;
  for (const row of s.memberPeriods.all({ g: guildId, u: userId })) {
    if ((row.listed === 1) === listed) continue;
    changed++;
    const sign = listed ? 1 : -1;
    deltas.add(pointsBoard(row.period), row.points, sign);
    if (row.acc_pm !== null) deltas.add(accuracyBoard(row.period), row.acc_pm, sign);
  }
  if (changed > 0) s.setListed.run({ listed: listed ? 1 : 0, g: guildId, u: userId });
  return changed;
}

/** Removes a member's listed rows from the boards' counts (before deleting them). */
export function removeMemberFromCounts(db: Db, guildId: string, userId: string, deltas: CountDeltas): void {
  for (const row of statements(db).memberPeriods.all({ g: guildId, u: userId })) {
    if (row.listed !== 1) continue;
    deltas.add(pointsBoard(row.period), row.points, -1);
    if (row.acc_pm !== null) deltas.add(accuracyBoard(row.period), row.acc_pm, -1);
  }
}
