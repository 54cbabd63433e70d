/** Per-member reads and deletions: reviews on a local day, and /forget-me. */
import { guildTimeZone } from '../progress/db.ts';
import { localDateOf } from '../progress/dates.ts';
import type { Queries } from '../storage/index.ts';
import { atomically } from './atomic.ts';

const REVIEWED_ON = 'SELECT count(*) AS n FROM review_log WHERE guild_id = ? AND user_id = ? AND local_date = ?';
const DELETE_CARDS = 'DELETE FROM review_cards WHERE guild_id = ? AND user_id = ?';
const DELETE_LOG = 'DELETE FROM review_log WHERE guild_id = ? AND user_id = ?';

/** /review answers the member gave on a local day (YYYY-MM-DD in the server's zone). */
export async function reviewedOn(db: Queries, guildId: string, userId: string, localDate: string): Promise<number> {
  return (await db.get<{ n: number }>(REVIEWED_ON, [guildId, userId, localDate]))?.n ?? 0;
}

/** /review answers the member gave on the server's current local day (its quiz schedule's zone, else UTC). */
export async function reviewedToday(db: Queries, guildId: string, userId: string, now: number): Promise<number> {
  return reviewedOn(db, guildId, userId, localDateOf(now, await guildTimeZone(db, guildId)));
}

export interface ForgetCardsResult {
  cards: number;
  reviews: number;
}

/** Deletes the member's cards and review log in this server (ONE transaction); other members keep theirs. */
export async function forgetCards(db: Queries, guildId: string, userId: string): Promise<ForgetCardsResult> {
  return atomically(db, async (tx) => {
    const cards = (await tx.run(DELETE_CARDS, [guildId, userId])).changes;
    const reviews = (await tx.run(DELETE_LOG, [guildId, userId])).changes;
    return { cards, reviews };
  });
}
