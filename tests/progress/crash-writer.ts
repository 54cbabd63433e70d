/**
 * Child process of the crash test: records answers as fast as it can and prints each answer id only after the
 * call returned (its transaction committed). The parent SIGKILLs it mid-burst.
 */
import { recordDailyAnswer, recordPracticeAnswer } from '../../src/progress/index.ts';
import { openDatabase } from '../../src/storage/index.ts';

const [path, postIdsArg] = process.argv.slice(2);
const postIds = postIdsArg!.split(',').map(Number);
const db = openDatabase(path!);
const start = Date.UTC(2024, 0, 1);
for (let i = 0; ; i++) {
  const userId = `u${i}`;
  for (const postId of postIds) {
    const r = recordDailyAnswer(db, {
      guildId: 'g1',
      userId,
      postId,
      questionId: 'q',
      topicId: '330.1',
      answer: ['a'],
      correct: i % 3 !== 0,
      answeredAt: start + i,
    });
    if (r.status !== 'recorded') throw new Error(`unexpected ${r.status}`);
    process.stdout.write(`${r.answerId}\n`);
  }
  const p = recordPracticeAnswer(db, {
    guildId: 'g1',
    userId,
    questionId: 'q',
    topicId: '330.5',
    answer: 'x',
    correct: i % 2 === 0,
    answeredAt: start + i,
    timezone: 'UTC',
  });
  process.stdout.write(`${p.answerId}\n`);
}
