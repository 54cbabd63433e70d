/** Members leaving, coming back, or asking to be forgotten. */
import { statementCache, type Db } from './db.ts';
import { getMember, putMember } from './member.ts';
import { CountDeltas, deleteMemberPeriods, removeMemberFromCounts, setMemberListed, STREAK_BOARD } from './rollups.ts';

const statements = statementCache((db) => ({
  deleteAnswers: db.prepare<[string, string]>('DELETE FROM answers WHERE guild_id = ? AND user_id = ?'),
  deleteProgress: db.prepare<[string, string]>('DELETE FROM member_progress WHERE guild_id = ? AND user_id = ?'),
}));

function setLeft(db: Db, guildId: string, userId: string, leftAt: number | null): boolean {
  const member = getMember(db, guildId, userId);
  if (!member || (member.left_at === null) === (leftAt === null)) return false;
  const deltas = new CountDeltas();
  setMemberListed(db, guildId, userId, leftAt === null, deltas);
  if (member.current_streak > 0) deltas.add(STREAK_BOARD, member.current_streak, leftAt === null ? 1 : -1);
  member.left_at = leftAt;
  putMember(db, member);
  deltas.flush(db, guildId);
  return true;
}

const transactions = statementCache((db) => ({
  left: db.transaction((guildId: string, userId: string, leftAt: number | null) => setLeft(db, guildId, userId, leftAt)),
  forget: db.transaction((guildId: string, userId: string): ForgetResult => {
    const s = statements(db);
    const member = getMember(db, guildId, userId);
    const deltas = new CountDeltas();
    if (member && member.left_at === null) {
      removeMemberFromCounts(db, guildId, userId, deltas);
      if (member.current_streak > 0) deltas.add(STREAK_BOARD, member.current_streak, -1);
    }
    deltas.flush(db, guildId);
    return {
      answers: s.deleteAnswers.run(guildId, userId).changes,
      progress: s.deleteProgress.run(guildId, userId).changes,
      periodRows: deleteMemberPeriods(db, guildId, userId),
    };
  }),
}));

/**
 * The member left the server: hidden from every leaderboard (their data stays, in case they return).
 * Returns false when there was nothing to hide (never answered, or already marked).
 */
export function markMemberLeft(db: Db, guildId: string, userId: string, leftAt: number = Date.now()): boolean {
  return transactions(db).left.immediate(guildId, userId, leftAt);
}

/** The member is back (rejoined; answering again does this too). Returns false if they were not marked. */
export function markMemberPresent(db: Db, guildId: string, userId: string): boolean {
  return transactions(db).left.immediate(guildId, userId, null);
}

export interface ForgetResult {
  /** Answers (daily and practice). */
  answers: number;
  /** member_progress rows: streak, freezes, per-topic counts. */
  progress: number;
  /** Week/month/all-time rollup rows. */
  periodRows: number;
}

/** Deletes everything stored about a member in a server; returns how many rows of each kind went. */
export function forgetMember(db: Db, guildId: string, userId: string): ForgetResult {
  return transactions(db).forget.immediate(guildId, userId);
}
