import { describe, expect, it } from 'vitest';
import { createQuestionBank, pickPracticeQuestion, type Question } from '../../src/questions/index.ts';
import { seededRandom } from '../../src/questions/random.ts';

const WEIGHTS = { '330.1': 8, '330.2': 9, '330.4': 3 };

function bankOf(perTopic: Record<string, number>) {
  const questions: Question[] = [];
  for (const [topic, count] of Object.entries(perTopic)) {
    for (let i = 1; i <= count; i++) {
      questions.push({ id: `${topic}-q-${i}`, topic, kind: 'fill-in', prompt: 'p', explanation: 'e', source: 's', answers: ['a'] });
    }
  }
  return createQuestionBank(questions, { weights: WEIGHTS });
}

describe('pickPracticeQuestion', () => {
  const bank = bankOf({ '330.1': 3, '330.2': 4, '330.4': 2 });

  it('stays inside the asked topic and reaches every question of it', () => {
    const random = seededRandom(7);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const question = pickPracticeQuestion(bank, { topic: '330.2', random })!;
      expect(question.topic).toBe('330.2');
      seen.add(question.id);
    }
    expect(seen.size).toBe(4);
  });

  it('without a topic, draws topics in proportion to their weights', () => {
    const random = seededRandom(42);
    const counts: Record<string, number> = {};
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const topic = pickPracticeQuestion(bank, { random })!.topic;
      counts[topic] = (counts[topic] ?? 0) + 1;
    }
    for (const [topic, weight] of Object.entries(WEIGHTS)) expect(counts[topic]! / draws).toBeCloseTo(weight / 20, 1);
  });

  it('maps the edges of [0, 1) onto the first and last topics', () => {
    expect(pickPracticeQuestion(bank, { random: () => 0 })!.id).toBe('330.1-q-1');
    expect(pickPracticeQuestion(bank, { random: () => 0.999999 })!.id).toBe('330.4-q-2');
  });

  it('null for a topic without questions or an empty bank', () => {
    expect(pickPracticeQuestion(bank, { topic: '330.6' })).toBeNull();
    expect(pickPracticeQuestion(createQuestionBank([]))).toBeNull();
  });
});
