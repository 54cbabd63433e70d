/** Members leaving, coming back, or asking to be forgotten. */
import { statementCache, type Db } from './db.ts';
import { saveMember } from './member.ts';
import { writeMembers, type MemberChanges } from './member-cache.ts';

const statements = statementCache((db) => ({
  // Daily answers through their posts (answers_one_per_post), practice answers through their own index:
  // neither walks the whole answers table.
  deleteDailyAnswers: db.prepare<[string, string]>(
    'DELETE FROM answers WHERE post_id IN (SELECT id FROM quiz_posts WHERE guild_id = ?) AND user_id = ?',
  ),
  deletePracticeAnswers: db.prepare<[string, string]>('DELETE FROM answers WHERE guild_id = ? AND user_id = ? AND post_id IS NULL'),
  deleteProgress: db.prepare<[string, string]>('DELETE FROM member_progress WHERE guild_id = ? AND user_id = ?'),
  // Posts still open (after the guild's settled prefix) the member answered: remembered without the answer,
  // so the member cannot answer them again (forgotten_answers, emptied as each window closes).
  rememberOpenAnswers: db.prepare<[string, string, string]>(
    `INSERT OR IGNORE INTO forgotten_answers (post_id, user_id)
     SELECT a.post_id, a.user_id FROM quiz_posts p JOIN answers a ON a.post_id = p.id AND a.user_id = ?
     WHERE p.guild_id = ? AND p.seq > coalesce((SELECT closed_seq FROM guild_progress WHERE guild_id = ?), 0)`,
  ),
}));

function setLeft(db: Db, guildId: string, userId: string, leftAt: number | null, changes: MemberChanges): boolean {
  const member = changes.read(db, guildId, userId);
  if (!member || (member.left_at === null) === (leftAt === null)) return false;
  member.left_at = leftAt;
  saveMember(db, member, true);
  changes.put(guildId, member);
  return true;
}

const transactions = statementCache((db) => ({
  left: db.transaction((guildId: string, userId: string, leftAt: number | null, changes: MemberChanges) =>
    setLeft(db, guildId, userId, leftAt, changes),
  ),
  forget: db.transaction((guildId: string, userId: string, changes: MemberChanges): ForgetResult => {
    const s = statements(db);
    s.rememberOpenAnswers.run(userId, guildId, guildId);
    const answers = s.deleteDailyAnswers.run(guildId, userId).changes + s.deletePracticeAnswers.run(guildId, userId).changes;
    const progress = s.deleteProgress.run(guildId, userId).changes;
    changes.delete(guildId, userId);
    return { answers, progress };
  }),
}));

/**
 * The member left the server: hidden from every leaderboard (their data stays, in case they return).
 * Returns false when there was nothing to hide (never answered, or already marked).
 */
export function markMemberLeft(db: Db, guildId: string, userId: string, leftAt: number = Date.now()): boolean {
  return writeMembers(db, (changes) => transactions(db).left.immediate(guildId, userId, leftAt, changes));
}

/** The member is back (rejoined; answering again does this too). Returns false if they were not marked. */
export function markMemberPresent(db: Db, guildId: string, userId: string): boolean {
  return writeMembers(db, (changes) => transactions(db).left.immediate(guildId, userId, null, changes));
}

export interface ForgetResult {
  /** Answers (daily and practice). */
  answers: number;
  /** member_progress rows: streak, freezes, points and totals, per-topic counts. */
  progress: number;
}

/** Deletes everything stored about a member in a server; returns how many rows of each kind went. */
export function forgetMember(db: Db, guildId: string, userId: string): ForgetResult {
  return writeMembers(db, (changes) => transactions(db).forget.immediate(guildId, userId, changes));
}
