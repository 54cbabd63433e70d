/** Card keys: 'q:<questionId>' for a question a member answered, 'e:<entryId>' for a notes flashcard. */
import { ReviewError } from './errors.ts';

export type CardKind = 'question' | 'flashcard';

export interface ParsedCardKey {
  kind: CardKind;
  /** The question id or the notes entry id. */
  id: string;
}

export const questionCardKey = (questionId: string): string => `q:${questionId}`;
export const flashcardKey = (entryId: string): string => `e:${entryId}`;

export function parseCardKey(cardKey: string): ParsedCardKey {
  const prefix = cardKey.slice(0, 2);
  const id = cardKey.slice(2);
  if (id.length === 0 || (prefix !== 'q:' && prefix !== 'e:')) {
    throw new ReviewError('invalid_card_key', `"${cardKey}" is not q:<questionId> or e:<entryId>`);
  }
  return { kind: prefix === 'q:' ? 'question' : 'flashcard', id };
}
