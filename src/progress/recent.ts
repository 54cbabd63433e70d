/** Who takes part in a server's daily quiz: the members the missed-daily rule of spaced review applies to. */
import { missedDaily } from '../review/index.ts';
import { settleCardSteps } from './card-steps.ts';
import type { Db, Queries } from './db.ts';
import { addDays } from './dates.ts';

/** A member who answered any daily post of the server in this many local days (the post's day included) takes part. */
export const TAKING_PART_DAYS = 7;

/**
 * Through the server's posts (unique on guild_id, local_date) to their answers (answers_one_per_post): no index of
 * answers starts with guild_id, so filtering answers by server would scan the whole table on every reveal.
 * Exported for the query-plan test.
 */
export const DAILY_MISSERS_SQL = `SELECT DISTINCT a.user_id FROM quiz_posts p JOIN answers a ON a.post_id = p.id
  WHERE p.guild_id = ? AND p.local_date > ? AND p.local_date <= ?
    AND a.user_id NOT IN (SELECT user_id FROM answers WHERE post_id = ?)`;

/**
 * Members who took part in the server's daily quiz in the TAKING_PART_DAYS local days up to `localDate` (they
 * answered a daily post) and did not answer post `postId`: they missed it.
 */
export async function dailyMissers(db: Queries, guildId: string, postId: number, localDate: string): Promise<string[]> {
  const rows = await db.all<{ user_id: string }>(DAILY_MISSERS_SQL, [guildId, addDays(localDate, -TAKING_PART_DAYS), localDate, postId]);
  return rows.map((row) => row.user_id);
}

/** A daily post whose window closed, as the missed-daily rule needs it. */
export interface ClosedPost {
  guildId: string;
  postId: number;
  localDate: string;
  questionId: string;
  topicId: string;
}

/**
 * The post's question becomes a card, due the next local day, of each member who missed it (dailyMissers). The
 * daily answers' pending card steps go first, so each card's steps keep the answers' order. Returns how many
 * members missed it and how many cards were new.
 */
export async function addMissedDailyCards(db: Db, post: ClosedPost, at: number): Promise<{ missed: number; created: number }> {
  const userIds = await dailyMissers(db, post.guildId, post.postId, post.localDate);
  if (userIds.length === 0) return { missed: 0, created: 0 };
  await settleCardSteps(db);
  const result = await missedDaily(db, { guildId: post.guildId, userIds, questionId: post.questionId, topicId: post.topicId, localDate: post.localDate, at });
  return { missed: userIds.length, created: result.created };
}
