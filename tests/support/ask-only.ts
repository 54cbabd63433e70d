/**
 * Makes the daily picker's next choice for a server `questionId`: every other question of its topic is used in
 * the topic's current round, and every other topic looks asked many rounds over, so the question's topic lags its
 * weight the most and has exactly one question left.
 */
import type { QuestionBank } from '../../src/questions/index.ts';
import type { Db } from '../../src/storage/index.ts';

const ASKED_ROUNDS = 1_000;

export async function askOnly(db: Db, bank: QuestionBank, guildId: string, questionId: string): Promise<void> {
  const target = bank.byId.get(questionId);
  if (!target) throw new Error(`no question ${questionId} in the bank`);
  await db.transaction(async (tx) => {
    for (const q of bank.questions) {
      if (q.id === questionId) continue;
      await tx.run('INSERT INTO quiz_used_questions (guild_id, question_id, topic_id, used_at, round) VALUES (?, ?, ?, 0, ?)', [
        guildId,
        q.id,
        q.topic,
        q.topic === target.topic ? 0 : ASKED_ROUNDS,
      ]);
    }
  });
}
