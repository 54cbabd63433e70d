/** What /review serves: the member's due cards, oldest due first, and how many are due / when the next is. */
import type { Queries } from '../storage/index.ts';
import { viewOf, type CardRow, type ReviewCard } from './card.ts';
import { CARD_COLUMNS, readCard } from './cards.ts';

export interface DueSummary {
  /** Cards due at `now` (due <= now). */
  due: number;
  /** The earliest due time after `now` (the next card to come due), epoch ms; null when none is scheduled later. */
  nextDueAt: number | null;
}

// All three walk review_cards_due: a count over the due part of the member's range, one seek for the next.
const DUE = `SELECT ${CARD_COLUMNS} FROM review_cards WHERE guild_id = ? AND user_id = ? AND due <= ? ORDER BY due, card_key LIMIT ?`;
const COUNT_DUE = 'SELECT count(*) AS n FROM review_cards WHERE guild_id = ? AND user_id = ? AND due <= ?';
const NEXT_DUE = 'SELECT min(due) AS next FROM review_cards WHERE guild_id = ? AND user_id = ? AND due > ?';

/** Up to `limit` cards due at `now`, the longest-waiting first. */
export async function dueCards(db: Queries, guildId: string, userId: string, now: number, limit: number): Promise<ReviewCard[]> {
  return (await db.all<CardRow>(DUE, [guildId, userId, now, Math.max(0, Math.floor(limit))])).map(viewOf);
}

export async function dueSummary(db: Queries, guildId: string, userId: string, now: number): Promise<DueSummary> {
  const count = await db.get<{ n: number }>(COUNT_DUE, [guildId, userId, now]);
  const next = await db.get<{ next: number | null }>(NEXT_DUE, [guildId, userId, now]);
  return { due: count?.n ?? 0, nextDueAt: next?.next ?? null };
}

/** One card of the member, or undefined. */
export async function getCard(db: Queries, guildId: string, userId: string, cardKey: string): Promise<ReviewCard | undefined> {
  const row = await readCard(db, guildId, userId, cardKey);
  return row && viewOf(row);
}
