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
const count = (db: Db, table: string, userId: string) =>
  db.prepare(`SELECT count(*) FROM ${table} WHERE ${table === 'exam_items' ? 'exam_id IN (SELECT id FROM exams WHERE user_id = ?)' : 'user_id = ?'}`).pluck().get(userId) as number;
const TABLES = ['answers', 'member_progress', 'review_cards', 'review_log', 'exams', 'exam_items'];

/** A member with a practice answer (its card and log) and two exams: one submitted (cards), one open. */
function member(db: Db, guildId: string, userId: string): void {
  recordPracticeAnswer(db, { guildId, userId, questionId: '330.1-q', topicId: '330.1', answer: ['a'], correct: true, answeredAt: T0, timezone: 'UTC' });
  const first = startExam(db, EXAM, bank, { guildId, userId, now: T0, random: seededRandom(1) });
  if (first.status !== 'started') throw new Error(first.status);
  submitExam(db, EXAM, first.session.id, T0 + 1000);
  startExam(db, EXAM, bank, { guildId, userId, now: T0 + 2000, random: seededRandom(2) });
}

describe('forgetEverything', () => {
  let temp: TempDb;
  afterEach(() => temp?.cleanup());

  it('deletes the member\'s answers, progress, cards, review log and exams in this server, and says how many', () => {
    temp = tempDatabase();
    const db = temp.open();
    member(db, 'g1', 'u1');
    member(db, 'g1', 'u2');
    member(db, 'g2', 'u1');
    db.prepare("INSERT INTO review_log (guild_id, user_id, card_key, rating, state, local_date, reviewed_at) VALUES ('g1', 'u1', 'q:x', 3, 0, '2024-06-03', 0)").run();
    const cards = db.prepare("SELECT count(*) FROM review_cards WHERE guild_id = 'g1' AND user_id = 'u1'").pluck().get() as number;
    const forgotten = forgetEverything(db, 'g1', 'u1');
    expect(forgotten).toEqual({ answers: 1, progress: 1, cards, reviews: 1, exams: 2 });
    for (const table of TABLES) {
      if (table !== 'review_log') expect(count(db, table, 'u2'), table).toBeGreaterThan(0);
      // u1 keeps exactly its g2 rows: as many as u2 (same history) has in g1.
      expect(count(db, table, 'u1'), table).toBe(count(db, table, 'u2'));
    }
  });

  it('is one transaction: when one deletion fails, nothing is deleted', () => {
    temp = tempDatabase();
    const db = temp.open();
    member(db, 'g1', 'u1');
    const before = TABLES.map((table) => count(db, table, 'u1'));
    // The cards are deleted last: make that fail on this connection only.
    db.exec("CREATE TEMP TRIGGER keep_cards BEFORE DELETE ON review_cards BEGIN SELECT RAISE(ABORT, 'cards kept'); END");
    expect(() => forgetEverything(db, 'g1', 'u1')).toThrow(/cards kept/);
    expect(TABLES.map((table) => count(db, table, 'u1'))).toEqual(before);
  });
});
