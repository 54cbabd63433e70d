/** /forget-me's deletion: exams, cards and progress of one member in one server, all in ONE transaction. */
import { afterEach, describe, expect, it } from 'vitest';
import { forgetEverything } from '../../src/members/forget.ts';
import { loadExam, startExam, submitExam } from '../../src/exam/index.ts';
import { recordPracticeAnswer } from '../../src/progress/index.ts';
import { createQuestionBank, type Question } from '../../src/questions/index.ts';
import { seededRandom } from '../../src/questions/random.ts';
import type { Db } from '../../src/storage/index.ts';
import { tempDatabase, type TempDb } from '../support/temp-db.ts';

const EXAM = loadExam();
const T0 = Date.UTC(2024, 5, 3, 12);
const bank = createQuestionBank(
  EXAM.topics.map((topic): Question => ({
    id: `${topic.id}-q`, topic: topic.id, prompt: 'p', explanation: 'e', source: 's', generated: false,
    kind: 'single', options: [{ text: 'a', correct: true }, { text: 'b', correct: false }],
  })),
);
const count = async (db: Db, table: string, userId: string) => {
  const row = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM ${table} WHERE ${table === 'exam_items' ? 'exam_id IN (SELECT id FROM exams WHERE user_id = ?)' : 'user_id = ?'}`,
    [userId],
  );
  return row!.n;
};
const TABLES = ['answers', 'member_progress', 'review_cards', 'review_log', 'exams', 'exam_items'];

/** A member with a practice answer (its card and log) and two exams: one submitted (cards), one open. */
async function member(db: Db, guildId: string, userId: string): Promise<void> {
  await recordPracticeAnswer(db, { guildId, userId, questionId: '330.1-q', topicId: '330.1', answer: ['a'], correct: true, answeredAt: T0, timezone: 'UTC' });
  const first = await startExam(db, EXAM, bank, { guildId, userId, now: T0, random: seededRandom(1) });
  if (first.status !== 'started') throw new Error(first.status);
  await submitExam(db, EXAM, first.session.id, T0 + 1000);
  await startExam(db, EXAM, bank, { guildId, userId, now: T0 + 2000, random: seededRandom(2) });
}

describe('forgetEverything', () => {
  let temp: TempDb;
  afterEach(async () => {
    await temp?.cleanup();
  });

  it('deletes the member\'s answers, progress, cards, review log and exams in this server, and says how many', async () => {
    temp = await tempDatabase();
    const db = temp.db;
    await member(db, 'g1', 'u1');
    await member(db, 'g1', 'u2');
    await member(db, 'g2', 'u1');
    await db.run("INSERT INTO review_log (guild_id, user_id, card_key, rating, state, local_date, reviewed_at) VALUES ('g1', 'u1', 'q:x', 3, 0, '2024-06-03', 0)");
    const cards = (await db.get<{ n: number }>("SELECT count(*) AS n FROM review_cards WHERE guild_id = 'g1' AND user_id = 'u1'"))!.n;
    const forgotten = await forgetEverything(db, 'g1', 'u1');
    expect(forgotten).toEqual({ answers: 1, progress: 1, cards, reviews: 1, exams: 2 });
    for (const table of TABLES) {
      if (table !== 'review_log') expect(await count(db, table, 'u2'), table).toBeGreaterThan(0);
      // u1 keeps exactly its g2 rows: as many as u2 (same history) has in g1.
      expect(await count(db, table, 'u1'), table).toBe(await count(db, table, 'u2'));
    }
  });

  it('is one transaction: when one deletion fails, nothing is deleted', async () => {
    temp = await tempDatabase();
    const db = temp.db;
    await member(db, 'g1', 'u1');
    const counts = async () => {
      const result: number[] = [];
      for (const table of TABLES) result.push(await count(db, table, 'u1'));
      return result;
    };
    const before = await counts();
    // The cards are deleted last: make that fail (a trigger of this test database only).
    if (db.dialect === 'sqlite') {
      await db.run("CREATE TEMP TRIGGER keep_cards BEFORE DELETE ON review_cards BEGIN SELECT RAISE(ABORT, 'cards kept'); END");
    } else {
      await db.run("CREATE FUNCTION keep_cards() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'cards kept'; END $$");
      await db.run('CREATE TRIGGER keep_cards BEFORE DELETE ON review_cards FOR EACH ROW EXECUTE FUNCTION keep_cards()');
    }
    await expect(forgetEverything(db, 'g1', 'u1')).rejects.toThrow(/cards kept/);
    expect(await counts()).toEqual(before);
  });
});
