/**
 * Child process of the crash test, set up as the bot is: daily answers go through the group-commit queue,
 * WAL checkpoints run on the worker thread. It records answers as fast as it can and prints each answer id
 * only once its promise (or call) returned, i.e. after its transaction committed. The parent SIGKILLs it
 * mid-burst.
 */
import { DailyAnswerQueue, recordPracticeAnswer } from '../../src/progress/index.ts';
import { openDatabase, startCheckpointer } from '../../src/storage/index.ts';

const [target, postIdsArg] = process.argv.slice(2);
const postIds = postIdsArg!.split(',').map(Number);
// The test engine's database: a SQLite path or a PostgreSQL URL.
const db = await openDatabase(target!);
startCheckpointer(db, { intervalMs: 5 });
const queue = new DailyAnswerQueue(db, 50);
const start = Date.UTC(2024, 0, 1);

async function answerDaily(i: number, userId: string, postId: number): Promise<void> {
  const r = await queue.record({
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

for (let i = 0; ; i += 10) {
  // A burst: ten members answering every post at once (group commits), each answer acknowledged on its own.
  const members = Array.from({ length: 10 }, (_, k) => i + k);
  await Promise.all(members.flatMap((m) => postIds.map((postId) => answerDaily(m, `u${m}`, postId))));
  for (const m of members) {
    const p = await recordPracticeAnswer(db, {
      guildId: 'g1',
      userId: `u${m}`,
      questionId: 'q',
      topicId: '330.5',
      answer: 'x',
      correct: m % 2 === 0,
      answeredAt: start + m,
      timezone: 'UTC',
    });
    process.stdout.write(`${p.answerId}\n`);
  }
}
