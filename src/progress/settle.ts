/**
 * Settling closed windows: members with a running streak who did not answer a post that has closed spend a
 * freeze or drop to 0, so what is stored (and ranked) is true now.
 */
import type { Db, Queries } from './db.ts';
import { saveMember, setStreak, streakOf, type MemberRow } from './member.ts';
import { writeMembers, type MemberChanges } from './member-cache.ts';
import { postsAfter, postsAfterUnanswered } from './posts.ts';
import { foldPosts, isWindowClosed, newEvents, type FoldPost } from './streak-rules.ts';

export interface SettleResult {
  /** The guild's settled prefix: every post with seq <= closedSeq is closed and applied. */
  closedSeq: number;
  /** Members whose stored streak changed. */
  membersUpdated: number;
  freezesSpent: number;
  streaksBroken: number;
}

const CLOSED_SEQ_SQL = 'SELECT closed_seq FROM guild_progress WHERE guild_id = ?';
const SET_CLOSED_SEQ_SQL = {
  sqlite: `INSERT INTO guild_progress (guild_id, closed_seq) VALUES (?, ?)
   ON CONFLICT (guild_id) DO UPDATE SET closed_seq = max(closed_seq, excluded.closed_seq)`,
  postgres: `INSERT INTO guild_progress (guild_id, closed_seq) VALUES (?, ?)
   ON CONFLICT (guild_id) DO UPDATE SET closed_seq = GREATEST(guild_progress.closed_seq, excluded.closed_seq)`,
};
// Members a closed window can change: a running streak (a miss costs a freeze or the streak), or answers
// waiting behind an earlier open post. Members at 0 with nothing pending lose nothing and are left alone.
const UNSETTLED_SQL = `SELECT * FROM member_progress
 WHERE guild_id = ? AND last_seq < ? AND (current_streak > 0 OR last_answered_seq > last_seq)
 ORDER BY user_id`;
// Closed posts need no memory of who answered them before being forgotten (src/progress/members.ts).
const DROP_FORGOTTEN_ANSWERS_SQL = 'DELETE FROM forgotten_answers WHERE post_id IN (SELECT id FROM quiz_posts WHERE guild_id = ? AND seq > ? AND seq <= ?)';
const POSTS_AFTER_CLOSED_SQL = 'SELECT seq, status, window_closes_at FROM quiz_posts WHERE guild_id = ? AND seq > ? ORDER BY seq';

async function closedSeq(db: Queries, guildId: string): Promise<number> {
  return (await db.get<{ closed_seq: number }>(CLOSED_SEQ_SQL, [guildId]))?.closed_seq ?? 0;
}

async function settleThrough(db: Queries, guildId: string, postSeq: number, nowMs: number, changes: MemberChanges): Promise<SettleResult> {
  const previous = await closedSeq(db, guildId);
  const result: SettleResult = { closedSeq: Math.max(previous, postSeq), membersUpdated: 0, freezesSpent: 0, streaksBroken: 0 };
  if (postSeq <= previous) return result; // already settled: calling twice changes nothing
  await db.run(SET_CLOSED_SEQ_SQL, [guildId, postSeq]);
  await db.run(DROP_FORGOTTEN_ANSWERS_SQL, [guildId, previous, postSeq]);

  const members = await db.all<MemberRow>(UNSETTLED_SQL, [guildId, postSeq]);
  if (members.length === 0) return result;
  let fromSeq = Number.POSITIVE_INFINITY;
  for (const m of members) fromSeq = Math.min(fromSeq, m.last_seq);
  const shared: FoldPost[] = await postsAfterUnanswered(db, guildId, fromSeq);
  for (const member of members) {
    const state = streakOf(member);
    const events = newEvents();
    const posts = member.last_answered_seq > member.last_seq ? await postsAfter(db, guildId, member.user_id, member.last_seq) : shared;
    const lastSeq = foldPosts(state, member.last_seq, posts, result.closedSeq, nowMs, events);
    if (lastSeq === member.last_seq) continue;
    member.last_seq = lastSeq;
    setStreak(member, state);
    member.updated_at = nowMs;
    await saveMember(db, member, true);
    changes.put(guildId, member);
    result.membersUpdated++;
    result.freezesSpent += events.freezesSpent;
    result.streaksBroken += events.streaksBroken;
  }
  return result;
}

/**
 * The window of the guild's post `postSeq` has closed (the quiz module calls this inside its reveal
 * transaction): every post up to it is settled for every member with a running streak. Idempotent.
 */
export function closeDailyWindow(db: Db, guildId: string, postSeq: number, nowMs: number = Date.now()): Promise<SettleResult> {
  return writeMembers(db, (tx, changes) => settleThrough(tx, guildId, postSeq, nowMs, changes));
}

/**
 * Settles every window that has closed by `nowMs` but was never passed to closeDailyWindow (the bot was down
 * at reveal time). Cheap when there is nothing to do: it reads the few posts after the settled prefix.
 */
export async function settleClosedWindows(db: Db, guildId: string, nowMs: number = Date.now()): Promise<SettleResult> {
  const previous = await closedSeq(db, guildId);
  let through = previous;
  const posts = await db.all<{ seq: number; status: string; window_closes_at: number | null }>(POSTS_AFTER_CLOSED_SQL, [guildId, previous]);
  for (const post of posts) {
    if (!isWindowClosed({ seq: post.seq, status: post.status, delivered: true, windowClosesAt: post.window_closes_at }, previous, nowMs)) break;
    through = post.seq;
  }
  if (through === previous) return { closedSeq: previous, membersUpdated: 0, freezesSpent: 0, streaksBroken: 0 };
  return closeDailyWindow(db, guildId, through, nowMs);
}
