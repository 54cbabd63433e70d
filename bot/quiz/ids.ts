/**
 * Custom ids of the answer components, on their own route (`answer`, see routes.ts), whatever the slash
 * commands are called:
 *   `answer:<action>:day:<post id>[:<shown>]`            a daily post; its option order is stored with the post;
 *   `answer:<action>:train:<question id>[:<order>][:<shown>]`  a /practice question (ephemeral, stateless): the
 *                                                         order it was shown in travels in the id (choice kinds);
 *   `answer:<action>:rev:<question id>[:<order>]:<reps>[:<shown>]`  a /review question card: as practice, plus the
 *                                                         card's reps when shown (only the first answer counts);
 * where action `pick`  → single-choice button, `<shown>` is the option's SHOWN position (A = 0);
 *              `multi` → multiple-choice select menu, its values are shown positions;
 *              `type`  → fill-in button that opens the modal;
 *              `typed` → the modal's submit (its text input is ANSWER_INPUT).
 *
 * Older versions sent `practice:<action>:<mode>:<ref>[:<option>]`, routed through the /practice command, with
 * options shown in file order and `<option>` a FILE index. Those buttons stay in channels: still accepted.
 */
import { customId } from '../types.ts';

export const ANSWER_PREFIX = 'answer';
export const LEGACY_ANSWER_PREFIX = 'practice';
export const ANSWER_INPUT = 'answer';

export type AnswerMode = 'day' | 'train' | 'rev';
export type AnswerAction = 'pick' | 'multi' | 'type' | 'typed';

export interface AnswerIds {
  /** `shown`: the option's position as shown (A = 0). */
  pick(shown: number): string;
  multi(): string;
  type(): string;
  typed(): string;
}

/**
 * `order`: for practice and review choice questions, the serialized order they are shown in
 * (src/questions/presentation.ts); `reps`: for review, the card's reps when shown.
 */
export function answerIds(mode: AnswerMode, ref: string | number, order?: string, reps?: number): AnswerIds {
  const withOrder = mode !== 'day' && order ? [order] : [];
  const withReps = mode === 'rev' ? [reps ?? 0] : [];
  return {
    pick: (shown) => customId(ANSWER_PREFIX, 'pick', mode, ref, ...withOrder, ...withReps, shown),
    multi: () => customId(ANSWER_PREFIX, 'multi', mode, ref, ...withOrder, ...withReps),
    type: () => customId(ANSWER_PREFIX, 'type', mode, ref, ...withReps),
    typed: () => customId(ANSWER_PREFIX, 'typed', mode, ref, ...withReps),
  };
}

export interface ParsedAnswerId {
  action: AnswerAction;
  mode: AnswerMode;
  ref: string;
  /** pick: the shown position (legacy ids: the file index); otherwise null. */
  option: number | null;
  /** Practice choice questions: the serialized order from the id (checked against the question later). */
  order: string | null;
  /** Review: the card's reps when it was shown; otherwise null. */
  reps: number | null;
  /** An id of an older version: options were shown in file order. */
  legacy: boolean;
}

const ORDER_RE = /^[0-9a-z]+$/;
const NUMBER_RE = /^\d+$/;

function head(args: readonly string[]): Pick<ParsedAnswerId, 'action' | 'mode' | 'ref'> | null {
  const [action, mode, ref] = args;
  if (action !== 'pick' && action !== 'multi' && action !== 'type' && action !== 'typed') return null;
  if ((mode !== 'day' && mode !== 'train' && mode !== 'rev') || !ref) return null;
  if (mode === 'day' && !NUMBER_RE.test(ref)) return null;
  return { action, mode, ref };
}

/** `args` as the dispatcher passes them (the custom id after `answer:`, split on ':'); null if not ours. */
export function parseAnswerId(args: readonly string[]): ParsedAnswerId | null {
  const parsed = head(args);
  if (!parsed) return null;
  const rest = args.slice(3);
  let order: string | null = null;
  if (parsed.mode !== 'day' && (parsed.action === 'pick' || parsed.action === 'multi')) {
    order = rest.shift() ?? null;
    if (order === null || !ORDER_RE.test(order)) return null;
  }
  let reps: number | null = null;
  if (parsed.mode === 'rev') {
    const value = rest.shift();
    if (value === undefined || !NUMBER_RE.test(value)) return null;
    reps = Number(value);
  }
  let option: number | null = null;
  if (parsed.action === 'pick') {
    const shown = rest.shift();
    if (shown === undefined || !NUMBER_RE.test(shown)) return null;
    option = Number(shown);
  }
  if (rest.length > 0) return null;
  return { ...parsed, option, order, reps, legacy: false };
}

/** An id of an older version (`practice:…`, after the prefix, split on ':'); null if not one. */
export function parseLegacyAnswerId(args: readonly string[]): ParsedAnswerId | null {
  const parsed = head(args);
  if (!parsed || parsed.mode === 'rev') return null;
  const option = args[3];
  if (parsed.action === 'pick') {
    if (option === undefined || !NUMBER_RE.test(option)) return null;
    return { ...parsed, option: Number(option), order: null, reps: null, legacy: true };
  }
  return { ...parsed, option: null, order: null, reps: null, legacy: true };
}
