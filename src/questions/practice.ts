/**
 * A question for `/practice`: independent of the daily no-repeat table (nothing is written). Inside a topic the
 * choice is uniform; without a topic, the topic is drawn with probability proportional to its exam weight.
 */
import type { QuestionBank } from './bank.ts';
import type { Question } from './types.ts';

export interface PracticePickOptions {
  /** Restrict to this topic id ("330.2"). */
  topic?: string;
  /** Uniform numbers in [0, 1); Math.random by default (tests pass a seeded one). */
  random?: () => number;
}

/** Returns null when the topic (or the whole bank) has no questions. */
export function pickPracticeQuestion(bank: QuestionBank, options: PracticePickOptions = {}): Question | null {
  const random = options.random ?? Math.random;
  let topic = options.topic;
  if (topic === undefined) {
    const topics = [...bank.weights].filter(([id, weight]) => weight > 0 && (bank.byTopic.get(id)?.length ?? 0) > 0);
    const total = topics.reduce((sum, [, weight]) => sum + weight, 0);
    if (total === 0) return null;
    let point = random() * total;
    topic = topics[topics.length - 1]![0];
    for (const [id, weight] of topics) {
      if (point < weight) {
        topic = id;
        break;
      }
      point -= weight;
    }
  }
  const candidates = bank.byTopic.get(topic) ?? [];
  if (candidates.length === 0) return null;
  return candidates[Math.min(candidates.length - 1, Math.floor(random() * candidates.length))]!;
}
