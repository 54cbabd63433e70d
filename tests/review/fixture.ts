/** Real SQLite files with the real migrations for the review tests, and the raw FSRS fields of a stored card. */
import { join } from 'node:path';
import type { Card } from 'ts-fsrs';
import { openDatabase, type Db } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';

export function freshDb(name: string): Db {
  return openDatabase(join(tempDir('review-'), `${name}.sqlite`));
}

/** Every FSRS field of a review_cards row, read straight from the table (what the module stored). */
export function storedFields(db: Db, guildId: string, userId: string, cardKey: string) {
  return db
    .prepare(
      `SELECT due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review
       FROM review_cards WHERE guild_id = ? AND user_id = ? AND card_key = ?`,
    )
    .get(guildId, userId, cardKey) as Record<string, number | null> | undefined;
}

/**
 * The same fields of a ts-fsrs card, in the table's units (epoch ms). Written out here, not taken from src/review's
 * fieldsOf: the expected side of the round-trip tests must not share the conversion it checks.
 */
export function fsrsFields(card: Card) {
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

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
