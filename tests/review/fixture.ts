/** Real databases with the real migrations for the review tests (on the test engine), and the raw FSRS fields of a stored card. */
import type { Card } from 'ts-fsrs';
import { afterAll } from 'vitest';
import type { Db, Queries } from '../../src/storage/index.ts';
import { tempDatabase, type TempDb } from '../support/temp-db.ts';

const opened: TempDb[] = [];
afterAll(async () => {
  for (const temp of opened.splice(0)) await temp.cleanup();
});

/** A fresh migrated database, removed after the test file. */
export async function freshDb(name: string): Promise<Db> {
  const temp = await tempDatabase(name);
  opened.push(temp);
  return temp.db;
}

/** Every FSRS field of a review_cards row, read straight from the table (what the module stored). */
export async function storedFields(db: Queries, guildId: string, userId: string, cardKey: string) {
  return db.get<Record<string, number | null>>(
    `SELECT due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review
       FROM review_cards WHERE guild_id = ? AND user_id = ? AND card_key = ?`,
    [guildId, userId, cardKey],
  );
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
