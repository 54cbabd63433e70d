/**
 * The order a question's options are shown in. Curated files tend to put the right option first; showing them
 * in file order would teach "the answer is A". So each showing draws a uniformly random permutation once, keeps
 * it (with the daily post, or in a practice message's custom ids), and every render and grading goes through it.
 *
 * An order is a list `order[shown] = file index`. Answers are stored with FILE indexes, so stats and history do
 * not depend on the order a member happened to see.
 */
import type { Submission } from './check.ts';
import { hash32, seededRandom } from './random.ts';
import { shuffleInPlace } from './shuffle.ts';
import type { Question } from './types.ts';

/** `order[shown]` is the index in the question's `options` of the option shown at position `shown`. */
export type OptionOrder = readonly number[];

/** What a member sees: the question with its options in shown order, and the way back to file indexes. */
export interface PresentedQuestion {
  /** The question as shown (options reordered); grading it with shown indexes equals grading the original. */
  question: Question;
  order: OptionOrder;
}

/** One character per position (0-9 then a-z): "2031". Enough for the bank's at most 6 options. */
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

export function optionCount(question: Question): number {
  return question.kind === 'fill-in' ? 0 : question.options.length;
}

export function identityOrder(question: Question): OptionOrder {
  return Array.from({ length: optionCount(question) }, (_, i) => i);
}

/**
 * A uniformly random permutation of the question's options (Fisher–Yates). Crypto randomness by default;
 * tests and the CLI's --seed pass `random` (uniform numbers in [0, 1)). Fill-in: the empty order.
 */
export function drawOrder(question: Question, random?: () => number): OptionOrder {
  return shuffleInPlace([...identityOrder(question)], random);
}

export function serializeOrder(order: OptionOrder): string {
  return order
    .map((index) => {
      const digit = DIGITS[index];
      if (digit === undefined || !Number.isInteger(index)) throw new RangeError(`option index ${index} cannot be serialized`);
      return digit;
    })
    .join('');
}

/** The order written by serializeOrder, or null when `text` is not one (any permutation of 0..n-1). */
export function parseOrder(text: string): OptionOrder | null {
  const order = [...text].map((char) => DIGITS.indexOf(char));
  return isPermutation(order) ? order : null;
}

function isPermutation(order: readonly number[]): boolean {
  const seen = new Set<number>();
  for (const index of order) {
    if (!Number.isInteger(index) || index < 0 || index >= order.length || seen.has(index)) return false;
    seen.add(index);
  }
  return true;
}

export function fitsQuestion(order: OptionOrder, question: Question): boolean {
  return order.length === optionCount(question) && isPermutation(order);
}

/** A fixed order for `key` (a post id, a question id): what is shown when a stored order no longer fits. */
export function fallbackOrder(question: Question, key: string): OptionOrder {
  return drawOrder(question, seededRandom(hash32(`option-order|${key}`)));
}

/**
 * The order to show for a stored value:
 *   - null: shown before orders were stored (posts and buttons of older versions), i.e. file order;
 *   - a serialized order that fits the question: that order;
 *   - anything else (the bank was edited: another option count; a damaged value): fallbackOrder(key). Never throws.
 */
export function resolveOrder(question: Question, stored: string | null, key: string): OptionOrder {
  if (stored === null) return identityOrder(question);
  const order = parseOrder(stored);
  return order && fitsQuestion(order, question) ? order : fallbackOrder(question, key);
}

/** The question as shown in `order` (which must fit it: see resolveOrder). */
export function present(question: Question, order: OptionOrder): PresentedQuestion {
  if (!fitsQuestion(order, question)) throw new RangeError(`order ${order.join(',')} does not fit question ${question.id}`);
  if (question.kind === 'fill-in') return { question, order };
  return { question: { ...question, options: order.map((index) => question.options[index]!) }, order };
}

/** The file index of the option shown at `shown`, or -1 when no option is shown there. */
export function fileIndex(presented: PresentedQuestion, shown: number): number {
  return Number.isInteger(shown) ? (presented.order[shown] ?? -1) : -1;
}

/** A submission made with shown indexes, in file indexes (what is graded against the bank and stored). */
export function toFileSubmission(presented: PresentedQuestion, submission: Submission): Submission {
  if (submission.kind === 'single') return { kind: 'single', choice: fileIndex(presented, submission.choice) };
  if (submission.kind === 'multiple') return { kind: 'multiple', choices: submission.choices.map((shown) => fileIndex(presented, shown)) };
  return submission;
}

/** The shown positions (0-based) of the right options: for the CLI and tests. */
export function correctPositions(presented: PresentedQuestion): number[] {
  const { question } = presented;
  if (question.kind === 'fill-in') return [];
  return question.options.flatMap((option, shown) => (option.correct ? [shown] : []));
}
