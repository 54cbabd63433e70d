/** A question bank for the mock exam tests (and their child processes): questions for every topic of data/exam.json. */
import { loadExam } from '../../src/exam/index.ts';
import { createQuestionBank, type Question, type QuestionKind } from '../../src/questions/index.ts';

/** A bank with `perTopic` questions per exam topic, kinds in the given cycle (a fifth of them generated). */
export function bankOf(perTopic: number, kinds: readonly QuestionKind[] = ['single', 'single', 'multiple', 'fill-in']) {
  const questions: Question[] = [];
  for (const topic of loadExam().topics) {
    for (let i = 0; i < perTopic; i++) {
      const kind = kinds[i % kinds.length]!;
      const base = { id: `${topic.id}-q${i}`, topic: topic.id, prompt: `p${i}`, explanation: 'e', source: 's', generated: i % 5 === 4 };
      if (kind === 'fill-in') questions.push({ ...base, kind, answers: ['xl list'] });
      else if (kind === 'single') questions.push({ ...base, kind, options: [{ text: 'a', correct: true }, { text: 'b', correct: false }, { text: 'c', correct: false }] });
      else questions.push({ ...base, kind, options: [{ text: 'a', correct: true }, { text: 'b', correct: true }, { text: 'c', correct: false }, { text: 'd', correct: false }] });
    }
  }
  return createQuestionBank(questions);
}
