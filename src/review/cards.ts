/** review_cards rows: read one, write one (insert or replace its FSRS fields). */
import type { Queries } from '../storage/index.ts';
import type { CardRow } from './card.ts';

export const CARD_COLUMNS =
  'card_key, topic_id, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review, created_at';

const GET_CARD = `SELECT ${CARD_COLUMNS} FROM review_cards WHERE guild_id = ? AND user_id = ? AND card_key = ?`;
// A card's topic and creation time are those of its first sight; answers only move its FSRS fields.
const WRITE_CARD = `INSERT INTO review_cards (guild_id, user_id, ${CARD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (guild_id, user_id, card_key) DO UPDATE SET
       due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
       elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days,
       learning_steps = excluded.learning_steps, reps = excluded.reps, lapses = excluded.lapses,
       state = excluded.state, last_review = excluded.last_review`;

export async function readCard(db: Queries, guildId: string, userId: string, cardKey: string): Promise<CardRow | undefined> {
  return db.get<CardRow>(GET_CARD, [guildId, userId, cardKey]);
}

export async function writeCard(db: Queries, guildId: string, userId: string, row: CardRow): Promise<void> {
  await db.run(WRITE_CARD, [
    guildId,
    userId,
    row.card_key,
    row.topic_id,
    row.due,
    row.stability,
    row.difficulty,
    row.elapsed_days,
    row.scheduled_days,
    row.learning_steps,
    row.reps,
    row.lapses,
    row.state,
    row.last_review,
    row.created_at,
  ]);
}
