/** Reading the server's posts (quiz_posts, owned by src/schedule) as the streak fold needs them. */
import type { Queries } from './db.ts';
import type { FoldPost } from './streak-rules.ts';

interface PostRow {
  seq: number;
  status: string;
  delivered: number;
  window_closes_at: number | null;
  answered: number;
}

// A comparison in a SELECT list is 0/1 on SQLite but a boolean on PostgreSQL: CASE gives 0/1 on both.
const DELIVERED = `CASE WHEN p.status IN ('sent', 'revealed') OR p.message_id IS NOT NULL THEN 1 ELSE 0 END`;
const ANSWERED = `CASE WHEN EXISTS (SELECT 1 FROM answers a WHERE a.post_id = p.id AND a.user_id = ?) THEN 1 ELSE 0 END`;

export interface AnswerablePost {
  id: number;
  guild_id: string;
  seq: number;
  local_date: string;
  status: string;
  delivered: number;
  window_closes_at: number | null;
  closed_seq: number;
}

const POST_SQL = `SELECT p.id, p.guild_id, p.seq, p.local_date, p.status, ${DELIVERED} AS delivered, p.window_closes_at,
        coalesce(g.closed_seq, 0) AS closed_seq
 FROM quiz_posts p LEFT JOIN guild_progress g ON g.guild_id = p.guild_id WHERE p.id = ?`;
const AFTER_SQL = `SELECT p.seq, p.status, ${DELIVERED} AS delivered, p.window_closes_at, ${ANSWERED} AS answered
 FROM quiz_posts p WHERE p.guild_id = ? AND p.seq > ? ORDER BY p.seq`;
const AFTER_UNANSWERED_SQL = `SELECT p.seq, p.status, ${DELIVERED} AS delivered, p.window_closes_at, 0 AS answered
 FROM quiz_posts p WHERE p.guild_id = ? AND p.seq > ? ORDER BY p.seq`;
// Mirrors isWindowClosed(): the first post strictly between two seqs whose window is still open.
const FIRST_OPEN_BETWEEN_SQL = `SELECT seq FROM quiz_posts WHERE guild_id = ? AND seq > ? AND seq < ?
   AND NOT (seq <= ? OR status IN ('revealed', 'failed') OR (window_closes_at IS NOT NULL AND window_closes_at <= ?))
 ORDER BY seq LIMIT 1`;
const LATEST_SQL = `SELECT p.id, p.local_date, p.seq, p.status, ${DELIVERED} AS delivered, p.window_closes_at, ${ANSWERED} AS answered
 FROM quiz_posts p WHERE p.guild_id = ? ORDER BY p.seq DESC LIMIT 1`;
const CLOSED_SEQ_SQL = 'SELECT closed_seq FROM guild_progress WHERE guild_id = ?';

function toFoldPost(row: PostRow): FoldPost {
  return {
    seq: row.seq,
    status: row.status,
    delivered: row.delivered === 1,
    windowClosesAt: row.window_closes_at,
    answered: row.answered === 1,
  };
}

export function answerablePost(db: Queries, postId: number): Promise<AnswerablePost | undefined> {
  return db.get<AnswerablePost>(POST_SQL, [postId]);
}

/** The guild's posts after `lastSeq`, ascending, with whether `userId` answered each. */
export async function postsAfter(db: Queries, guildId: string, userId: string, lastSeq: number): Promise<FoldPost[]> {
  return (await db.all<PostRow>(AFTER_SQL, [userId, guildId, lastSeq])).map(toFoldPost);
}

/** The guild's posts after `lastSeq`, ascending, for members known not to have answered any of them. */
export async function postsAfterUnanswered(db: Queries, guildId: string, lastSeq: number): Promise<FoldPost[]> {
  return (await db.all<PostRow>(AFTER_UNANSWERED_SQL, [guildId, lastSeq])).map(toFoldPost);
}

export async function firstOpenPostBetween(db: Queries, guildId: string, afterSeq: number, beforeSeq: number, closedSeq: number, now: number): Promise<number | undefined> {
  return (await db.get<{ seq: number }>(FIRST_OPEN_BETWEEN_SQL, [guildId, afterSeq, beforeSeq, closedSeq, now]))?.seq;
}

export async function latestPost(db: Queries, guildId: string, userId: string): Promise<(FoldPost & { id: number; localDate: string }) | undefined> {
  const row = await db.get<PostRow & { id: number; local_date: string }>(LATEST_SQL, [userId, guildId]);
  return row ? { ...toFoldPost(row), id: row.id, localDate: row.local_date } : undefined;
}

export async function closedSeqOf(db: Queries, guildId: string): Promise<number> {
  return (await db.get<{ closed_seq: number }>(CLOSED_SEQ_SQL, [guildId]))?.closed_seq ?? 0;
}
