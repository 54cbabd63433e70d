/**
 * Drawing a mock exam from the question bank: per topic as many questions as its exam weight (data/exam.json),
 * no question twice, the kinds mixed like the bank's (at least one of each kind the bank has), curated
 * questions before generated ones, each with an option order drawn once and kept. The time is the real exam's
 * pace applied to the questions drawn (90 min for 60 → 54 min for 36).
 */
import { drawOrder, serializeOrder, shuffleInPlace, type Question, type QuestionBank, type QuestionKind } from '../questions/index.ts';
import type { Exam } from './data.ts';

export interface DrawnItem {
  questionId: string;
  topicId: string;
  /** serializeOrder of the order the options are shown in ('' for fill-in). */
  optionOrder: string;
}

export interface DrawnExam {
  items: DrawnItem[];
  /** Milliseconds allowed: the exam's minutes × drawn / questionCount. */
  durationMs: number;
}

const KINDS: readonly QuestionKind[] = ['single', 'multiple', 'fill-in'];

/** Minutes for `drawn` questions at the real exam's pace, in ms (rounded to the second). */
export function examDurationMs(exam: Exam, drawn: number): number {
  return Math.round((exam.minutes * 60 * drawn) / exam.questionCount) * 1000;
}

/** How many questions of each kind to aim at: the bank's shares of `total`, every kind present at least once. */
export function kindTargets(bank: QuestionBank, total: number): Map<QuestionKind, number> {
  const counts = new Map<QuestionKind, number>(KINDS.map((kind) => [kind, bank.questions.filter((q) => q.kind === kind).length]));
  const all = bank.questions.length || 1;
  return new Map(KINDS.map((kind) => {
    const n = counts.get(kind)!;
    return [kind, n === 0 ? 0 : Math.max(1, Math.round((total * n) / all))];
  }));
}

/** `random`: uniform numbers in [0, 1) for tests; crypto randomness by default. */
export function drawExam(exam: Exam, bank: QuestionBank, random?: () => number): DrawnExam {
  const shuffle = <T>(items: T[]): T[] => shuffleInPlace(items, random);
  const total = exam.topics.reduce((sum, topic) => sum + Math.min(topic.weight, bank.byTopic.get(topic.id)?.length ?? 0), 0);
  const targets = kindTargets(bank, total);
  const taken = new Map<QuestionKind, number>(KINDS.map((kind) => [kind, 0]));
  const picked: Question[] = [];
  for (const topic of exam.topics) {
    // Curated first, each group shuffled: generated questions only fill what the curated ones cannot.
    const pool = new Map<QuestionKind, Question[]>(
      KINDS.map((kind) => {
        const ofKind = (bank.byTopic.get(topic.id) ?? []).filter((q) => q.kind === kind);
        return [kind, [...shuffle(ofKind.filter((q) => !q.generated)), ...shuffle(ofKind.filter((q) => q.generated))]];
      }),
    );
    for (let i = 0; i < topic.weight; i++) {
      // The kind furthest below its target that this topic still has (ties: the order of KINDS), among the
      // kinds with a curated question left while there are any: the mix never costs a curated question.
      const left = KINDS.filter((k) => pool.get(k)!.length > 0);
      const curated = left.filter((k) => !pool.get(k)![0]!.generated);
      const kind = (curated.length > 0 ? curated : left).sort((a, b) => deficit(b) - deficit(a))[0];
      if (kind === undefined) break;
      picked.push(pool.get(kind)!.shift()!);
      taken.set(kind, taken.get(kind)! + 1);
    }
  }
  function deficit(kind: QuestionKind): number {
    return (targets.get(kind) ?? 0) - taken.get(kind)!;
  }
  const items = shuffle(picked).map((question) => ({
    questionId: question.id,
    topicId: question.topic,
    optionOrder: serializeOrder(drawOrder(question, random)),
  }));
  return { items, durationMs: examDurationMs(exam, items.length) };
}
