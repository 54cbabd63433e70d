/** What /review serves: the member's due cards, oldest due first, and how many are due / when the next is. */
import { statementCache, type Db } from '../progress/db.ts';
import { viewOf, type CardRow, type ReviewCard } from './card.ts';
import { CARD_COLUMNS, readCard } from './cards.ts';

export interface DueSummary {
  /** Cards due at `now` (due <= now). */
  due: number;
  /** The earliest due time after `now` (the next card to come due), epoch ms; null when none is scheduled later. */
  nextDueAt: number | null;
}

// All three walk review_cards_due: a count over the due part of the member's range, one seek for the next.
const statements = statementCache((db) => ({
  due: db.prepare<[string, string, number, number], CardRow>(
    `SELECT ${CARD_COLUMNS} FROM review_cards WHERE guild_id = ? AND user_id = ? AND due <= ? ORDER BY due, card_key LIMIT ?`,
  ),
  count: db.prepare<[string, string, number], number>('SELECT count(*) FROM review_cards WHERE guild_id = ? AND user_id = ? AND due <= ?').pluck(),
  next: db
    .prepare<[string, string, number], number | null>('SELECT min(due) FROM review_cards WHERE guild_id = ? AND user_id = ? AND due > ?')
    .pluck(),
}));

/** Up to `limit` cards due at `now`, the longest-waiting first. */
export function dueCards(db: Db, guildId: string, userId: string, now: number, limit: number): ReviewCard[] {
  return statements(db).due.all(guildId, userId, now, Math.max(0, Math.floor(limit))).map(viewOf);
}

export function dueSummary(db: Db, guildId: string, userId: string, now: number): DueSummary {
  const s = statements(db);
  return { due: s.count.get(guildId, userId, now) ?? 0, nextDueAt: s.next.get(guildId, userId, now) ?? null };
}

/** One card of the member, or undefined. */
export function getCard(db: Db, guildId: string, userId: string, cardKey: string): ReviewCard | undefined {
  const row = readCard(db, guildId, userId, cardKey);
  return row && viewOf(row);
}
