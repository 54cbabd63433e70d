/** Reading a member's streak as it is NOW, even if a closed window has not been settled yet. */
import type { Db, Queries } from './db.ts';
import { getMember, streakOf } from './member.ts';
import { closedSeqOf, latestPost, postsAfter } from './posts.ts';
import { foldPosts, isWindowClosed, newEvents } from './streak-rules.ts';

export interface StreakView {
  /** Consecutive scheduled days answered, true at `now` (a missed, unsettled day already counted). */
  current: number;
  best: number;
  /** Freezes held (0..2). */
  freezes: number;
  /** Freezes spent, all time. */
  freezesUsed: number;
  /** The server's latest post is out, its window is open and this member has not answered it. */
  todayPending: boolean;
}

/**
 * Stored state plus an in-memory fold over the posts after it whose windows have closed by `nowMs`
 * (bot down at reveal time, or the read racing the reveal). Writes nothing.
 */
export async function readStreak(db: Queries, guildId: string, userId: string, nowMs: number): Promise<StreakView> {
  const closedSeq = await closedSeqOf(db, guildId);
  const member = await getMember(db, guildId, userId);
  const state = member ? streakOf(member) : { current: 0, best: 0, freezes: 0, freezesUsed: 0 };
  if (member && (member.current_streak > 0 || member.last_answered_seq > member.last_seq)) {
    foldPosts(state, member.last_seq, await postsAfter(db, guildId, userId, member.last_seq), closedSeq, nowMs, newEvents());
  }
  const latest = await latestPost(db, guildId, userId);
  const todayPending =
    latest !== undefined && latest.status === 'sent' && !latest.answered && !isWindowClosed(latest, closedSeq, nowMs);
  return { ...state, todayPending };
}

/** A member's streak in a server: {current, best, freezes, freezesUsed, todayPending}. Read-only. */
export function getStreak(db: Db, guildId: string, userId: string, nowMs: number = Date.now()): Promise<StreakView> {
  // One transaction: its reads see one state of the database.
  return db.transaction((tx) => readStreak(tx, guildId, userId, nowMs));
}
