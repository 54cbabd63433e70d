/** Per-member reads and deletions: reviews on a local day, and /forget-me. */
import { guildTimeZone, statementCache, type Db } from '../progress/db.ts';
import { localDateOf } from '../progress/dates.ts';

const statements = statementCache((db) => ({
  reviewedOn: db
    .prepare<[string, string, string], number>('SELECT count(*) FROM review_log WHERE guild_id = ? AND user_id = ? AND local_date = ?')
    .pluck(),
  deleteCards: db.prepare<[string, string]>('DELETE FROM review_cards WHERE guild_id = ? AND user_id = ?'),
  deleteLog: db.prepare<[string, string]>('DELETE FROM review_log WHERE guild_id = ? AND user_id = ?'),
}));

/** /review answers the member gave on a local day (YYYY-MM-DD in the server's zone). */
export function reviewedOn(db: Db, guildId: string, userId: string, localDate: string): number {
  return statements(db).reviewedOn.get(guildId, userId, localDate) ?? 0;
}

/** /review answers the member gave on the server's current local day (its quiz schedule's zone, else UTC). */
export function reviewedToday(db: Db, guildId: string, userId: string, now: number): number {
  return reviewedOn(db, guildId, userId, localDateOf(now, guildTimeZone(db, guildId)));
}

export interface ForgetCardsResult {
  cards: number;
  reviews: number;
}

const transactions = statementCache((db) => ({
  forget: db.transaction((guildId: string, userId: string): ForgetCardsResult => {
    const s = statements(db);
    return { cards: s.deleteCards.run(guildId, userId).changes, reviews: s.deleteLog.run(guildId, userId).changes };
  }),
}));

/** Deletes the member's cards and review log in this server (ONE transaction); other members keep theirs. */
export function forgetCards(db: Db, guildId: string, userId: string): ForgetCardsResult {
  return transactions(db).forget.immediate(guildId, userId);
}
