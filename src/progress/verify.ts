/** Consistency check of the maintained rollups against the raw answers (tests, `cli db check`-style audits). */
import { statementCache, type Db } from './db.ts';

export interface CountMismatch {
  board: string;
  score: number;
  stored: number;
  actual: number;
}

const statements = statementCache((db) => ({
  stored: db.prepare<[string], { board: string; score: number; members: number }>(
    'SELECT board, score, members FROM leaderboard_counts WHERE guild_id = ? AND members <> 0',
  ),
  actual: db.prepare<[string, string, string], { board: string; score: number; members: number }>(
    `SELECT 'points:' || period AS board, points AS score, count(*) AS members FROM member_period_stats
       WHERE guild_id = ? AND listed = 1 GROUP BY period, points
     UNION ALL
     SELECT 'accuracy:' || period, acc_pm, count(*) FROM member_period_stats
       WHERE guild_id = ? AND listed = 1 AND acc_pm IS NOT NULL GROUP BY period, acc_pm
     UNION ALL
     SELECT 'streak', current_streak, count(*) FROM member_progress
       WHERE guild_id = ? AND left_at IS NULL AND current_streak > 0 GROUP BY current_streak`,
  ),
  rollupVsAnswers: db
      .prepare<{ g: string }, number>(
      `SELECT count(*) FROM (
         SELECT user_id, count(*) AS answered, sum(correct) AS correct, sum(points) AS points FROM answers
         WHERE guild_id = @g GROUP BY user_id
       ) a FULL JOIN (SELECT user_id, answered, correct, points FROM member_period_stats WHERE guild_id = @g AND period = 'all') r
         USING (user_id)
       WHERE a.answered IS NOT r.answered OR a.correct IS NOT r.correct OR a.points IS NOT r.points`,
    )
    .pluck(),
}));

/** Board score counts that differ from a recount over the rollups. Empty when consistent. */
export function leaderboardCountMismatches(db: Db, guildId: string): CountMismatch[] {
  const s = statements(db);
  const key = (board: string, score: number) => `${board}\u0000${score}`;
  const actual = new Map<string, CountMismatch>();
  for (const row of s.actual.all(guildId, guildId, guildId)) {
    actual.set(key(row.board, row.score), { board: row.board, score: row.score, stored: 0, actual: row.members });
  }
  for (const row of s.stored.all(guildId)) {
    const entry = actual.get(key(row.board, row.score));
    if (entry) entry.stored = row.members;
    else actual.set(key(row.board, row.score), { board: row.board, score: row.score, stored: row.members, actual: 0 });
  }
  return [...actual.values()].filter((m) => m.stored !== m.actual);
}

/** Members whose all-time rollup disagrees with their answers. 0 when consistent. */
export function rollupMismatches(db: Db, guildId: string): number {
  return statements(db).rollupVsAnswers.get({ g: guildId })!;
}
