/**
 * Custom ids of the mock exam's components, on their own route (`exam`, see bot/routes.ts), carrying the exam id
 * and the question's position (0-based); the exam itself (its owner, order, answers, deadline) is in SQLite:
 *   `exam:pick:<exam>:<position>:<shown>`  single-choice button (`<shown>`: the option's SHOWN position, A = 0)
 *   `exam:multi:<exam>:<position>`         multiple-choice select (values: shown positions)
 *   `exam:type:<exam>:<position>`          fill-in button opening the modal; `exam:typed:…` the modal's submit
 *   `exam:go:<exam>:<position>:<p|n>`      ◀ / ▶ to `<position>` (the suffix keeps the two ids distinct)
 *   `exam:flag:<exam>:<position>`          🚩 toggles the flag
 *   `exam:nav:<exam>:<chunk>`              the navigator select (values: positions)
 *   `exam:submit:<exam>:<position>`        ✅ (asks to confirm when questions are unanswered)
 *   `exam:confirm:<exam>:<position>`       submits; `exam:back:<exam>:<position>` returns to the question
 *   `exam:res:<exam>:<page>:<p|n|s>`       pages of the result (the suffix keeps summary, ◀ and ▶ distinct)
 */
import type { AnswerIds } from '../quiz/ids.ts';
import { customId } from '../types.ts';

export const EXAM_PREFIX = 'exam';
export const EXAM_ANSWER_INPUT = 'answer';

const ACTIONS = ['pick', 'multi', 'type', 'typed', 'go', 'flag', 'nav', 'submit', 'confirm', 'back', 'res'] as const;
export type ExamAction = (typeof ACTIONS)[number];

/** The answer components' ids of one exam question, in the shape bot/render/question.ts builds from. */
export function examAnswerIds(examId: number, position: number): AnswerIds {
  return {
    pick: (shown) => customId(EXAM_PREFIX, 'pick', examId, position, shown),
    multi: () => customId(EXAM_PREFIX, 'multi', examId, position),
    type: () => customId(EXAM_PREFIX, 'type', examId, position),
    typed: () => customId(EXAM_PREFIX, 'typed', examId, position),
  };
}

export const examIds = {
  go: (examId: number, position: number, direction: 'p' | 'n') => customId(EXAM_PREFIX, 'go', examId, position, direction),
  flag: (examId: number, position: number) => customId(EXAM_PREFIX, 'flag', examId, position),
  nav: (examId: number, chunk: number) => customId(EXAM_PREFIX, 'nav', examId, chunk),
  submit: (examId: number, position: number) => customId(EXAM_PREFIX, 'submit', examId, position),
  confirm: (examId: number, position: number) => customId(EXAM_PREFIX, 'confirm', examId, position),
  back: (examId: number, position: number) => customId(EXAM_PREFIX, 'back', examId, position),
  result: (examId: number, page: number, tag: 'p' | 'n' | 's') => customId(EXAM_PREFIX, 'res', examId, page, tag),
};

export interface ParsedExamId {
  action: ExamAction;
  examId: number;
  /** The position, chunk or page. */
  index: number;
  /** pick: the shown option. */
  option: number | null;
}

const NUMBER_RE = /^\d+$/;

/** `args` after `exam:`, split on ':'; null if not an id of this version. */
export function parseExamId(args: readonly string[]): ParsedExamId | null {
  const [action, exam, index, extra] = args;
  if (!ACTIONS.includes(action as ExamAction) || !exam || !NUMBER_RE.test(exam) || !index || !NUMBER_RE.test(index)) return null;
  if (action === 'pick' && (extra === undefined || !NUMBER_RE.test(extra))) return null;
  return { action: action as ExamAction, examId: Number(exam), index: Number(index), option: action === 'pick' ? Number(extra) : null };
}
