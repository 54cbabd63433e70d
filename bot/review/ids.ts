/**
 * Custom ids of /review's own components, routed to the `review` command:
 *   `review:next`                                the next due card (after an answer);
 *   `review:show:<entry id>:<reps>`              turns a flashcard over (its note);
 *   `review:rate:<entry id>:<reps>:<rating>`     the member's own rating of a flashcard.
 * `<reps>` is the card's reps when it was shown: a rating is refused once the card moved on (first click wins).
 * Question cards are answered through the `answer` route (mode `rev`, bot/quiz/ids.ts).
 */
import type { ReviewRating } from '../../src/review/index.ts';
import { customId } from '../types.ts';

export const REVIEW_COMMAND = 'review';
export const RATINGS: readonly ReviewRating[] = ['again', 'hard', 'good', 'easy'];

export const reviewIds = {
  next: () => customId(REVIEW_COMMAND, 'next'),
  show: (entryId: string, reps: number) => customId(REVIEW_COMMAND, 'show', entryId, reps),
  rate: (entryId: string, reps: number, rating: ReviewRating) => customId(REVIEW_COMMAND, 'rate', entryId, reps, rating),
};

export type ParsedReviewId =
  | { action: 'next' }
  | { action: 'show'; entryId: string; reps: number }
  | { action: 'rate'; entryId: string; reps: number; rating: ReviewRating };

/** `args`: the custom id after `review:`, split on ':'; null if not one of ours. */
export function parseReviewId(args: readonly string[]): ParsedReviewId | null {
  const [action, entryId, reps, rating] = args;
  if (action === 'next' && args.length === 1) return { action };
  if (!entryId || reps === undefined || !/^\d+$/.test(reps)) return null;
  if (action === 'show' && args.length === 3) return { action, entryId, reps: Number(reps) };
  if (action === 'rate' && args.length === 4 && RATINGS.includes(rating as ReviewRating)) {
    return { action, entryId, reps: Number(reps), rating: rating as ReviewRating };
  }
  return null;
}
