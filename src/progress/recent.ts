/** Who takes part in a server's daily quiz: the members the missed-daily rule of spaced review applies to. */
import { statementCache, type Db } from './db.ts';
import { addDays } from './dates.ts';

/** A member who answered any daily post of the server in this many local days (the post's day included) takes part. */
export const TAKING_PART_DAYS = 7;

const statements = statementCache((db) => ({
  missed: db
    .prepare<[string, string, string, number], string>(
      `SELECT DISTINCT user_id FROM answers
       WHERE guild_id = ? AND kind = 0 AND local_date > ? AND local_date <= ?
         AND user_id NOT IN (SELECT user_id FROM answers WHERE post_id = ?)`,
    )
    .pluck(),
}));

/**
 * Members who took part in the server's daily quiz in the TAKING_PART_DAYS local days up to `localDate` (they
 * answered a daily post) and did not answer post `postId`: they missed it.
 */
export function dailyMissers(db: Db, guildId: string, postId: number, localDate: string): string[] {
  return statements(db).missed.all(guildId, addDays(localDate, -TAKING_PART_DAYS), localDate, postId);
}
