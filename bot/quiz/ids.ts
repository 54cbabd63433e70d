/**
 * Custom ids of the answer components. They are routed to the `practice` command (not admin-only, unlike
 * `quiz`): `practice:<action>:<mode>:<ref>[:<option>]`, where
 *   mode `day`   → ref is the daily post id (quiz_posts.id),
 *   mode `train` → ref is the question id (a /practice question, ephemeral);
 *   action `pick`  → single-choice button, `<option>` is the option index (A = 0);
 *          `multi` → multiple-choice select menu, the selected values are option indexes;
 *          `type`  → fill-in button that opens the modal;
 *          `typed` → the modal's submit (its text input is ANSWER_INPUT).
 */
import { customId } from '../types.ts';

export const ANSWER_COMMAND = 'practice';
export const ANSWER_INPUT = 'answer';

export type AnswerMode = 'day' | 'train';
export type AnswerAction = 'pick' | 'multi' | 'type' | 'typed';

export interface AnswerIds {
  pick(option: number): string;
  multi(): string;
  type(): string;
  typed(): string;
}

export function answerIds(mode: AnswerMode, ref: string | number): AnswerIds {
  return {
    pick: (option) => customId(ANSWER_COMMAND, 'pick', mode, ref, option),
    multi: () => customId(ANSWER_COMMAND, 'multi', mode, ref),
    type: () => customId(ANSWER_COMMAND, 'type', mode, ref),
    typed: () => customId(ANSWER_COMMAND, 'typed', mode, ref),
  };
}

export interface ParsedAnswerId {
  action: AnswerAction;
  mode: AnswerMode;
  ref: string;
  option: number | null;
}

/** `args` as the dispatcher passes them (the custom id after `practice:`, split on ':'); null if not ours. */
export function parseAnswerId(args: readonly string[]): ParsedAnswerId | null {
  const [action, mode, ref, option] = args;
  if (action !== 'pick' && action !== 'multi' && action !== 'type' && action !== 'typed') return null;
  if ((mode !== 'day' && mode !== 'train') || !ref) return null;
  if (mode === 'day' && !/^\d+$/.test(ref)) return null;
  if (action === 'pick') {
    if (option === undefined || !/^\d+$/.test(option)) return null;
    return { action, mode, ref, option: Number(option) };
  }
  return { action, mode, ref, option: null };
}
