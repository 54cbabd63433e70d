/** Numbers for the reveal message, counted from the progress module's `answers` table. */
import type { Db } from './db.ts';
import { statementCache } from './db.ts';

export interface RevealSummary {
  postId: number;
  questionId: string;
  /** People who answered. */
  answered: number;
  /** People whose answer was right. */
  correct: number;
  /** correct / answered, 0 when nobody answered. */
  shareCorrect: number;
}

const statements = statementCache((db) => ({
  summary: db.prepare<[number], { question_id: string; answered: number; correct: number | null }>(
    `SELECT p.question_id AS question_id, count(a.user_id) AS answered, sum(a.correct) AS correct
     FROM quiz_posts p LEFT JOIN answers a ON a.post_id = p.id WHERE p.id = ? GROUP BY p.id`,
  ),
}));

export function revealSummary(db: Db, postId: number): RevealSummary | null {
  const row = statements(db).summary.get(postId);
  if (!row) return null;
  const correct = row.correct ?? 0;
  return {
    postId,
    questionId: row.question_id,
    answered: row.answered,
    correct,
    shareCorrect: row.answered === 0 ? 0 : correct / row.answered,
  };
}
