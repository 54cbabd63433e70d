/** Numbers for the reveal message, counted from the progress module's `answers` table. */
import type { Queries } from './db.ts';

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

// count and sum come back as JS numbers on both engines (answers.correct is 0/1).
const SUMMARY = `SELECT p.question_id AS question_id, count(a.user_id) AS answered, sum(a.correct) AS correct
     FROM quiz_posts p LEFT JOIN answers a ON a.post_id = p.id WHERE p.id = ? GROUP BY p.id, p.question_id`;

export async function revealSummary(db: Queries, postId: number): Promise<RevealSummary | null> {
  const row = await db.get<{ question_id: string; answered: number; correct: number | null }>(SUMMARY, [postId]);
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
