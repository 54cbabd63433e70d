/**
 * One FSRS step per answer: a wrong answer is rated Again, a right one Good (or the Hard/Easy the member
 * chose). Each call is ONE transaction, committed before it returns (inside a caller's transaction, a
 * savepoint of it), so a member is only told about a step that is on disk.
 */
import { createEmptyCard } from 'ts-fsrs';
import { guildTimeZone } from '../progress/db.ts';
import { localDateOf } from '../progress/dates.ts';
import type { Queries } from '../storage/index.ts';
import { atomically } from './atomic.ts';
import { fieldsOf, gradeOf, schedulerFor, stateName, toFsrsCard, viewOf, type CardRow, type CardState, type ReviewCard, type ReviewRating } from './card.ts';
import { readCard, writeCard } from './cards.ts';
import { parseCardKey } from './keys.ts';
import { getRetention } from './settings.ts';

/** Where the answer came from. Only 'review' answers (the /review command) are logged as reviews. */
export type AnswerSource = 'daily' | 'practice' | 'exam' | 'review';

export interface RateInput {
  guildId: string;
  userId: string;
  /** 'q:<questionId>' or 'e:<entryId>' (see questionCardKey, flashcardKey). */
  cardKey: string;
  /** The card's topic, kept from its first sight. */
  topicId: string;
  correct: boolean;
  /** After a right answer, the member's own rating; Good when absent. A wrong answer is always Again. */
  rating?: Exclude<ReviewRating, 'again'> | undefined;
  source: AnswerSource;
  /** epoch ms */
  at: number;
  /** The server's IANA zone for the review's local day; defaults to its quiz schedule's zone, then UTC. */
  timezone?: string | undefined;
}

export interface RatedCard {
  cardKey: string;
  /** The card did not exist before this answer. */
  created: boolean;
  rating: ReviewRating;
  /** The state before this step (a created card was 'new'). */
  previousState: CardState;
  /** The card after the step: its next due time, state, counts. */
  card: ReviewCard;
}

const LOG_REVIEW = `INSERT INTO review_log (guild_id, user_id, card_key, rating, state, local_date, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`;

export function ratingOf(input: Pick<RateInput, 'correct' | 'rating'>): ReviewRating {
  return input.correct ? (input.rating ?? 'good') : 'again';
}

async function rateOne(db: Queries, input: RateInput, retention: number): Promise<RatedCard> {
  parseCardKey(input.cardKey);
  const rating = ratingOf(input);
  const existing = await readCard(db, input.guildId, input.userId, input.cardKey);
  // An answer stamped before the card's last review (clocks, a queued answer) is taken as simultaneous:
  // FSRS has no meaning for a negative interval.
  const at = existing?.last_review != null ? Math.max(input.at, existing.last_review) : input.at;
  const before = existing ? toFsrsCard(existing) : createEmptyCard(new Date(at));
  const { card } = schedulerFor(retention).next(before, new Date(at), gradeOf(rating));
  const row: CardRow = {
    card_key: input.cardKey,
    topic_id: existing?.topic_id ?? input.topicId,
    created_at: existing?.created_at ?? input.at,
    ...fieldsOf(card),
  };
  await writeCard(db, input.guildId, input.userId, row);
  if (input.source === 'review') {
    const localDate = localDateOf(at, input.timezone ?? (await guildTimeZone(db, input.guildId)));
    await db.run(LOG_REVIEW, [input.guildId, input.userId, input.cardKey, gradeOf(rating), before.state, localDate, at]);
  }
  return { cardKey: input.cardKey, created: !existing, rating, previousState: stateName(before.state), card: viewOf(row) };
}

/**
 * Applies one FSRS step to the member's card (created on first sight) with the server's desired retention.
 * Throws ReviewError('invalid_card_key') for a malformed key (nothing is written).
 */
export async function rateAnswer(db: Queries, input: RateInput): Promise<RatedCard> {
  return atomically(db, async (tx) => rateOne(tx, input, await getRetention(tx, input.guildId)));
}

/** Group commit: many steps (the daily question's burst) in ONE transaction, one result per input in order. */
export async function rateAnswers(db: Queries, inputs: readonly RateInput[]): Promise<RatedCard[]> {
  return atomically(db, async (tx) => {
    const retention = new Map<string, number>();
    const rated: RatedCard[] = [];
    for (const input of inputs) {
      let r = retention.get(input.guildId);
      if (r === undefined) retention.set(input.guildId, (r = await getRetention(tx, input.guildId)));
      rated.push(await rateOne(tx, input, r));
    }
    return rated;
  });
}

/**
 * A /review step on a card shown with `expectedReps` reps: applied only if the card still has them (the first
 * answer per showing wins, across processes); null, nothing written, when it was answered since or is gone.
 */
export async function rateShownCard(db: Queries, input: RateInput, expectedReps: number): Promise<RatedCard | null> {
  return atomically(db, async (tx) => {
    const existing = await readCard(tx, input.guildId, input.userId, input.cardKey);
    if (!existing || existing.reps !== expectedReps) return null;
    return rateOne(tx, input, await getRetention(tx, input.guildId));
  });
}
