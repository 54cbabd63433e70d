/** Members leaving, coming back, or asking to be forgotten. */
import type { Db, Queries } from './db.ts';
import { saveMember } from './member.ts';
import { writeMembers, type MemberChanges } from './member-cache.ts';

// Daily answers through their posts (answers_one_per_post), practice answers through their own index:
// neither walks the whole answers table.
const DELETE_DAILY_ANSWERS_SQL = 'DELETE FROM answers WHERE post_id IN (SELECT id FROM quiz_posts WHERE guild_id = ?) AND user_id = ?';
const DELETE_PRACTICE_ANSWERS_SQL = 'DELETE FROM answers WHERE guild_id = ? AND user_id = ? AND post_id IS NULL';
const DELETE_PROGRESS_SQL = 'DELETE FROM member_progress WHERE guild_id = ? AND user_id = ?';
// Posts still open (after the guild's settled prefix) the member answered: remembered without the answer,
// so the member cannot answer them again (forgotten_answers, emptied as each window closes).
const REMEMBER_OPEN_ANSWERS_SQL = `INSERT INTO forgotten_answers (post_id, user_id)
 SELECT a.post_id, a.user_id FROM quiz_posts p JOIN answers a ON a.post_id = p.id AND a.user_id = ?
 WHERE p.guild_id = ? AND p.seq > coalesce((SELECT closed_seq FROM guild_progress WHERE guild_id = ?), 0)
 ON CONFLICT DO NOTHING`;

async function setLeft(db: Queries, guildId: string, userId: string, leftAt: number | null, changes: MemberChanges): Promise<boolean> {
  const member = await changes.read(db, guildId, userId);
  if (!member || (member.left_at === null) === (leftAt === null)) return false;
  member.left_at = leftAt;
  await saveMember(db, member, true);
  changes.put(guildId, member);
  return true;
}

/**
 * The member left the server: hidden from every leaderboard (their data stays, in case they return).
 * Returns false when there was nothing to hide (never answered, or already marked).
 */
export function markMemberLeft(db: Db, guildId: string, userId: string, leftAt: number = Date.now()): Promise<boolean> {
  return writeMembers(db, (tx, changes) => setLeft(tx, guildId, userId, leftAt, changes));
}

/** The member is back (rejoined; answering again does this too). Returns false if they were not marked. */
export function markMemberPresent(db: Db, guildId: string, userId: string): Promise<boolean> {
  return writeMembers(db, (tx, changes) => setLeft(tx, guildId, userId, null, changes));
}

export interface ForgetResult {
  /** Answers (daily and practice). */
  answers: number;
  /** member_progress rows: streak, freezes, points and totals, per-topic counts. */
  progress: number;
}

/** Deletes everything stored about a member in a server; returns how many rows of each kind went. */
export function forgetMember(db: Db, guildId: string, userId: string): Promise<ForgetResult> {
  return writeMembers(db, async (tx, changes) => {
    // Before the deletes: it reads the answers they remove.
    await tx.run(REMEMBER_OPEN_ANSWERS_SQL, [userId, guildId, guildId]);
    const answers = (await tx.run(DELETE_DAILY_ANSWERS_SQL, [guildId, userId])).changes + (await tx.run(DELETE_PRACTICE_ANSWERS_SQL, [guildId, userId])).changes;
    const progress = (await tx.run(DELETE_PROGRESS_SQL, [guildId, userId])).changes;
    changes.delete(guildId, userId);
    return { answers, progress };
  });
}
