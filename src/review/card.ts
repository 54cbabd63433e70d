/**
 * A card as stored (one review_cards row) and as ts-fsrs sees it. The conversion is lossless both ways, so a
 * stored card schedules exactly as the one ts-fsrs returned (tests/review/schedule.property.test.ts).
 */
import { fsrs, generatorParameters, Rating, type Card, type FSRS, type Grade } from 'ts-fsrs';
import { parseCardKey, type CardKind } from './keys.ts';

export type ReviewRating = 'again' | 'hard' | 'good' | 'easy';
export type CardState = 'new' | 'learning' | 'review' | 'relearning';

const STATES: readonly CardState[] = ['new', 'learning', 'review', 'relearning'];
const GRADES: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

export function stateName(state: number): CardState {
  return STATES[state] ?? 'new';
}

export function gradeOf(rating: ReviewRating): Grade {
  return GRADES[rating];
}

/** The FSRS fields of a review_cards row. */
export interface CardFields {
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: number | null;
}

export interface CardRow extends CardFields {
  card_key: string;
  topic_id: string;
  created_at: number;
}

export function toFsrsCard(row: CardFields): Card {
  return {
    due: new Date(row.due),
    stability: row.stability,
    difficulty: row.difficulty,
    elapsed_days: row.elapsed_days,
    scheduled_days: row.scheduled_days,
    learning_steps: row.learning_steps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state,
    ...(row.last_review === null ? {} : { last_review: new Date(row.last_review) }),
  };
}

export function fieldsOf(card: Card): CardFields {
  return {
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.last_review ? card.last_review.getTime() : null,
  };
}

/** ts-fsrs's defaults (no fuzz, short-term learning steps 1 m and 10 m) with the server's desired retention. */
const schedulers = new Map<number, FSRS>();

export function schedulerFor(retention: number): FSRS {
  let scheduler = schedulers.get(retention);
  if (!scheduler) {
    scheduler = fsrs(generatorParameters({ request_retention: retention }));
    schedulers.set(retention, scheduler);
  }
  return scheduler;
}

/** What callers see of a card: plain values, no ts-fsrs types. */
export interface ReviewCard {
  cardKey: string;
  /** 'question' (the id is a question id) or 'flashcard' (the id is a notes entry id). */
  kind: CardKind;
  id: string;
  topicId: string;
  /** epoch ms */
  due: number;
  state: CardState;
  reps: number;
  lapses: number;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  /** epoch ms, null while never reviewed */
  lastReview: number | null;
  createdAt: number;
}

export function viewOf(row: CardRow): ReviewCard {
  const { kind, id } = parseCardKey(row.card_key);
  return {
    cardKey: row.card_key,
    kind,
    id,
    topicId: row.topic_id,
    due: row.due,
    state: stateName(row.state),
    reps: row.reps,
    lapses: row.lapses,
    stability: row.stability,
    difficulty: row.difficulty,
    scheduledDays: row.scheduled_days,
    lastReview: row.last_review,
    createdAt: row.created_at,
  };
}
