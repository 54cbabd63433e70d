/** Reading the server's posts (quiz_posts, owned by src/schedule) as the streak fold needs them. */
import { statementCache, type Db } from './db.ts';
import type { FoldPost } from './streak-rules.ts';

interface PostRow {
  seq: number;
  status: string;
  delivered: number;
  window_closes_at: number | null;
  answered: number;
}

const DELIVERED = `(p.status IN ('sent', 'revealed') OR p.message_id IS NOT NULL)`;

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

const statements = statementCache((db) => ({
  post: db.prepare<[number], AnswerablePost>(
    `SELECT p.id, p.guild_id, p.seq, p.local_date, p.status, ${DELIVERED} AS delivered, p.window_closes_at,
            coalesce(g.closed_seq, 0) AS closed_seq
     FROM quiz_posts p LEFT JOIN guild_progress g ON g.guild_id = p.guild_id WHERE p.id = ?`,
  ),
  after: db.prepare<[string, string, number], PostRow>(
    `SELECT p.seq, p.status, ${DELIVERED} AS delivered, p.window_closes_at,
            EXISTS (SELECT 1 FROM answers a WHERE a.post_id = p.id AND a.user_id = ?) AS answered
     FROM quiz_posts p WHERE p.guild_id = ? AND p.seq > ? ORDER BY p.seq`,
  ),
  afterUnanswered: db.prepare<[string, number], PostRow>(
    `SELECT p.seq, p.status, ${DELIVERED} AS delivered, p.window_closes_at, 0 AS answered
     FROM quiz_posts p WHERE p.guild_id = ? AND p.seq > ? ORDER BY p.seq`,
  ),
  // Mirrors isWindowClosed(): the first post strictly between two seqs whose window is still open.
  firstOpenBetween: db
    .prepare<[string, number, number, number, number], number>(
      `SELECT seq FROM quiz_posts WHERE guild_id = ? AND seq > ? AND seq < ?
         AND NOT (seq <= ? OR status IN ('revealed', 'failed') OR (window_closes_at IS NOT NULL AND window_closes_at <= ?))
       ORDER BY seq LIMIT 1`,
    )
    .pluck(),
  latest: db.prepare<[string, string], PostRow & { id: number; local_date: string }>(
    `SELECT p.id, p.local_date, p.seq, p.status, ${DELIVERED} AS delivered, p.window_closes_at,
            EXISTS (SELECT 1 FROM answers a WHERE a.post_id = p.id AND a.user_id = ?) AS answered
     FROM quiz_posts p WHERE p.guild_id = ? ORDER BY p.seq DESC LIMIT 1`,
  ),
  closedSeq: db.prepare<[string], number>('SELECT closed_seq FROM guild_progress WHERE guild_id = ?').pluck(),
}));

function toFoldPost(row: PostRow): FoldPost {
  return {
    seq: row.seq,
    status: row.status,
    delivered: row.delivered === 1,
    windowClosesAt: row.window_closes_at,
    answered: row.answered === 1,
  };
}

export function answerablePost(db: Db, postId: number): AnswerablePost | undefined {
  return statements(db).post.get(postId);
}

/** The guild's posts after `lastSeq`, ascending, with whether `userId` answered each. Lazy: stop early freely. */
export function* postsAfter(db: Db, guildId: string, userId: string, lastSeq: number): Generator<FoldPost> {
  for (const row of statements(db).after.iterate(userId, guildId, lastSeq)) yield toFoldPost(row);
}

/** The guild's posts after `lastSeq`, ascending, for members known not to have answered any of them. */
export function postsAfterUnanswered(db: Db, guildId: string, lastSeq: number): FoldPost[] {
  return statements(db).afterUnanswered.all(guildId, lastSeq).map(toFoldPost);
}

export function firstOpenPostBetween(db: Db, guildId: string, afterSeq: number, beforeSeq: number, closedSeq: number, now: number): number | undefined {
  return statements(db).firstOpenBetween.get(guildId, afterSeq, beforeSeq, closedSeq, now);
}

export function latestPost(db: Db, guildId: string, userId: string): (FoldPost & { id: number; localDate: string }) | undefined {
  const row = statements(db).latest.get(userId, guildId);
  return row ? { ...toFoldPost(row), id: row.id, localDate: row.local_date } : undefined;
}

export function closedSeqOf(db: Db, guildId: string): number {
  return statements(db).closedSeq.get(guildId) ?? 0;
}
