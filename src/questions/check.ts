/** Grading a member's answer. Options are referred to by their index in the question's `options` array. */
import { matchesFillIn } from './fill-in.ts';
import type { Question } from './types.ts';

export type Submission =
  | { kind: 'single'; choice: number }
  | { kind: 'multiple'; choices: readonly number[] }
  | { kind: 'fill-in'; text: string };

export interface AnswerCheck {
  correct: boolean;
  /** Why a submission could not be graded as an answer to this question at all. */
  invalid?: 'wrong_kind' | 'unknown_option' | 'empty';
}

/** Texts shown as the right answer at the reveal: the correct options, or the first accepted fill-in answer. */
export function correctAnswers(question: Question): string[] {
  if (question.kind === 'fill-in') return question.answers.slice(0, 1);
  return question.options.filter((option) => option.correct).map((option) => option.text);
}

/**
 * single: the chosen option is the correct one. multiple: exactly the set of correct options (all-or-nothing,
 * like the exam). fill-in: the same key (fillInKey) as an accepted answer.
 */
export function checkAnswer(question: Question, submission: Submission): AnswerCheck {
  if (submission.kind !== question.kind) return { correct: false, invalid: 'wrong_kind' };
  if (question.kind === 'fill-in') {
    const correct = matchesFillIn(question, (submission as { text: string }).text);
    return correct === null ? { correct: false, invalid: 'empty' } : { correct };
  }
  const chosen = submission.kind === 'single' ? [submission.choice] : [...(submission as { choices: readonly number[] }).choices];
  if (chosen.length === 0) return { correct: false, invalid: 'empty' };
  if (chosen.some((i) => !Number.isInteger(i) || i < 0 || i >= question.options.length)) {
    return { correct: false, invalid: 'unknown_option' };
  }
  const picked = new Set(chosen);
  return { correct: question.options.every((option, i) => option.correct === picked.has(i)) };
}
