/**
 * Exactly one daily post per server per scheduled local day.
 *
 * 1. `claimDuePost` records the post (status 'claimed', a nonce, a lease) in one transaction (SQLite: IMMEDIATE,
 *    PostgreSQL: SERIALIZABLE, retried on a conflict),
 *    guarded by UNIQUE(guild_id, local_date), BEFORE anything is sent.
 * 2. The sender posts with Discord's `nonce` = post.nonce and `enforce_nonce: true`, then calls
 *    `markPostSent` (or `deferPostSend` on a transient error, `markPostFailed` on a permanent one).
 * 3. A claim whose lease ran out without being marked (crash, restart, transient failure) comes back from
 *    `pendingSends` with the SAME nonce, so a send that did reach Discord returns the same message.
 *    Each retry takes a new lease first, so two live processes never send one claim at the same time.
 *    The scheduler claims with `queued: true`: the claim commits with no lease held (lease_until = now), and
 *    the lease is taken by `pendingSends` only when a send is about to start. Under Discord's rate limits a
 *    minute's claims may wait far longer than any lease (100,000 posts at 50/s: 2,000 s) — a lease taken at
 *    claim time would run out while the post still waits, and the post would be sent again (saved only by
 *    Discord's nonce window, which is minutes). Queued claims wait in this table, not in a process's memory,
 *    so a crash loses none and another process can send them.
 * 4. When the window closes (next post claimed, or window_closes_at passed) `postsToReveal` lists the post,
 *    `markRevealed` flips it once (with the streak settlement hook), `revealSummary` counts the answers.
 */
import { randomBytes } from 'node:crypto';
import { isUniqueViolation } from '../storage/index.ts';
import type { Db, Queries } from './db.ts';
import { advanceSchedule, getScheduleRow, isCatchable, ruleOf } from './schedules.ts';
import { settleClosedWindow } from './settlement.ts';
import { latestOccurrence, localDateOf, nextOccurrence } from './time.ts';

/** How long a claim (or a retry) belongs to the process that took it. Keep it under Discord's nonce dedupe window. */
export const DEFAULT_LEASE_MS = 60_000;

export type PostStatus = 'claimed' | 'sent' | 'failed' | 'revealed';

export interface QuizPost {
  id: number;
  guildId: string;
  localDate: string;
  seq: number;
  questionId: string;
  topicId: string;
  channelId: string;
  messageId: string | null;
  status: PostStatus;
  /** Discord message nonce (≤ 25 chars); send with enforce_nonce so retries cannot double-post. */
  nonce: string;
  claimedAt: number;
  leaseUntil: number | null;
  attempts: number;
  lastError: string | null;
  sentAt: number | null;
  windowClosesAt: number | null;
  revealedAt: number | null;
  /**
   * The order the options are shown in, drawn with the question (src/questions/presentation.ts serializes it).
   * null: the post predates stored orders and was shown in file order.
   */
  optionOrder: string | null;
}

export interface PickedQuestion {
  questionId: string;
  topicId: string;
  /** The shown order of the options, stored with the post (absent: null, file order). */
  optionOrder?: string | null;
}

/**
 * Called inside the claim transaction; may write (e.g. the used-questions table) and is rolled back with it.
 * On PostgreSQL a conflicting claim runs again from the start, picker included: only the committed pick counts.
 */
export type QuestionPicker = (context: { guildId: string; localDate: string; seq: number }) => PickedQuestion | Promise<PickedQuestion>;

export type ClaimOutcome =
  | { claimed: true; post: QuizPost }
  | {
      claimed: false;
      /** no_schedule | paused | not_due (nothing due yet) | already_posted (this day has its post) | missed (day over). */
      reason: 'no_schedule' | 'paused' | 'not_due' | 'already_posted' | 'missed';
    };

interface PostRow {
  id: number;
  guild_id: string;
  local_date: string;
  seq: number;
  question_id: string;
  topic_id: string;
  channel_id: string;
  message_id: string | null;
  status: PostStatus;
  nonce: string;
  claimed_at: number;
  lease_until: number | null;
  attempts: number;
  last_error: string | null;
  sent_at: number | null;
  window_closes_at: number | null;
  revealed_at: number | null;
  option_order: string | null;
}

function toPost(row: PostRow): QuizPost {
  return {
    id: row.id,
    guildId: row.guild_id,
    localDate: row.local_date,
    seq: row.seq,
    questionId: row.question_id,
    topicId: row.topic_id,
    channelId: row.channel_id,
    messageId: row.message_id,
    status: row.status,
    nonce: row.nonce,
    claimedAt: row.claimed_at,
    leaseUntil: row.lease_until,
    attempts: row.attempts,
    lastError: row.last_error,
    sentAt: row.sent_at,
    windowClosesAt: row.window_closes_at,
    revealedAt: row.revealed_at,
    optionOrder: row.option_order,
  };
}

const SQL = {
  postOn: 'SELECT id FROM quiz_posts WHERE guild_id = ? AND local_date = ?',
  postRowOn: 'SELECT * FROM quiz_posts WHERE guild_id = ? AND local_date = ?',
  lastSeq: 'SELECT max(seq) AS seq FROM quiz_posts WHERE guild_id = ?',
  insert: `INSERT INTO quiz_posts (guild_id, local_date, seq, question_id, topic_id, channel_id, status, nonce,
       claimed_at, lease_until, attempts, window_closes_at, option_order)
     VALUES (?, ?, ?, ?, ?, ?, 'claimed', ?, ?, ?, ?, ?, ?) RETURNING *`,
  // A new post closes the previous windows (they normally close at this very instant anyway).
  closeOlder: `UPDATE quiz_posts SET window_closes_at = ? WHERE guild_id = ? AND id <> ? AND status IN ('claimed', 'sent')
       AND (window_closes_at IS NULL OR window_closes_at > ?)`,
  get: 'SELECT * FROM quiz_posts WHERE id = ?',
  openPost: `SELECT * FROM quiz_posts WHERE guild_id = ? AND status = 'sent' AND message_id IS NOT NULL
       AND (window_closes_at IS NULL OR window_closes_at > ?) ORDER BY seq DESC LIMIT 1`,
  sent: `UPDATE quiz_posts SET status = 'sent', message_id = ?, sent_at = ?, lease_until = NULL, last_error = NULL
     WHERE id = ? AND status IN ('claimed', 'failed')`,
  failed: `UPDATE quiz_posts SET status = 'failed', last_error = ?, lease_until = NULL WHERE id = ? AND status = 'claimed'`,
  defer: `UPDATE quiz_posts SET lease_until = ?, last_error = ? WHERE id = ? AND status = 'claimed'`,
  expireUnsent: `UPDATE quiz_posts SET status = 'failed', last_error = 'window_closed', lease_until = NULL WHERE id = ? AND status = 'claimed'`,
  // No tie-breaker on purpose: a minute's queued claims share lease_until, and ordering by more than the index
  // (quiz_posts_unsent) would make PostgreSQL read all of them to return a few.
  leaseable: `SELECT * FROM quiz_posts WHERE status = 'claimed' AND lease_until <= ? ORDER BY lease_until LIMIT ?`,
  lease: `UPDATE quiz_posts SET lease_until = ?, attempts = attempts + 1 WHERE id = ?`,
  toReveal: `SELECT * FROM quiz_posts WHERE status = 'sent' AND window_closes_at <= ? ORDER BY window_closes_at LIMIT ?`,
  revealed: `UPDATE quiz_posts SET status = 'revealed', revealed_at = ? WHERE id = ? AND status = 'sent' RETURNING *`,
} as const;

/** 20 hex characters: within Discord's 25-character nonce limit. */
export function newNonce(): string {
  return randomBytes(10).toString('hex');
}

/**
 * Inside a claim transaction: the post row for `localDate` (next seq, fresh nonce, leased to the caller), and the
 * windows of older posts closed, since a new post ends them.
 */
async function insertClaim(
  tx: Queries,
  slot: { guildId: string; localDate: string; channelId: string; windowClosesAt: number },
  nowMs: number,
  pickQuestion: QuestionPicker,
  lease: { leaseMs?: number; queued?: boolean } = {},
): Promise<QuizPost> {
  const seq = ((await tx.get<{ seq: number | null }>(SQL.lastSeq, [slot.guildId]))?.seq ?? 0) + 1;
  const picked = await pickQuestion({ guildId: slot.guildId, localDate: slot.localDate, seq });
  const inserted = (await tx.get<PostRow>(SQL.insert, [
    slot.guildId,
    slot.localDate,
    seq,
    picked.questionId,
    picked.topicId,
    slot.channelId,
    newNonce(),
    nowMs,
    lease.queued ? nowMs : nowMs + (lease.leaseMs ?? DEFAULT_LEASE_MS),
    lease.queued ? 0 : 1,
    slot.windowClosesAt,
    picked.optionOrder ?? null,
  ]))!;
  await tx.run(SQL.closeOlder, [nowMs, slot.guildId, inserted.id, nowMs]);
  return toPost(inserted);
}

/**
 * Claims today's post for a server if it is due: the claim row exists (and commits) before anything is sent.
 * Safe to call from several processes at once: exactly one gets `claimed: true` per server and local day
 * (the read-then-write runs in one transaction: SQLite's write lock, or PostgreSQL's SERIALIZABLE retry).
 * Also moves the schedule to its next post. When the bot was down at post time, the post still goes out
 * if it is the same local day (or within CATCH_UP_GRACE_MS) — its window (until the next post) is open.
 */
export async function claimDuePost(
  db: Db,
  guildId: string,
  nowMs: number,
  pickQuestion: QuestionPicker,
  /** queued: commit the claim without taking its lease; `pendingSends` leases it when the send starts. */
  options: { leaseMs?: number; queued?: boolean } = {},
): Promise<ClaimOutcome> {
  try {
    return await db.transaction(async (tx): Promise<ClaimOutcome> => {
      const row = await getScheduleRow(tx, guildId);
      if (!row) return { claimed: false, reason: 'no_schedule' };
      if (row.paused) return { claimed: false, reason: 'paused' };
      if (row.next_due_at === null || row.next_due_at > nowMs) return { claimed: false, reason: 'not_due' };
      const occurrence = latestOccurrence(ruleOf(row), nowMs);
      const next = await advanceSchedule(tx, row, nowMs);
      if (!isCatchable(occurrence, row.timezone, nowMs)) return { claimed: false, reason: 'missed' };
      if (await tx.get(SQL.postOn, [guildId, occurrence.localDate])) return { claimed: false, reason: 'already_posted' };
      const slot = { guildId, localDate: occurrence.localDate, channelId: row.channel_id, windowClosesAt: next.at };
      return { claimed: true, post: await insertClaim(tx, slot, nowMs, pickQuestion, options) };
    });
  } catch (error) {
    // Belt and braces: another connection won the UNIQUE race without going through a transaction like ours.
    if (isUniqueViolation(error)) return { claimed: false, reason: 'already_posted' };
    throw error;
  }
}

export type ClaimNowOutcome =
  | { claimed: true; post: QuizPost }
  | { claimed: false; reason: 'no_schedule' }
  | { claimed: false; reason: 'paused' }
  /** Today already has its post (in whatever state): here it is. */
  | { claimed: false; reason: 'already_posted'; post: QuizPost };

/**
 * `/quiz now`: claims the post of today (the server's local date) at once instead of at its scheduled time.
 * Same exactly-once rule and sending protocol as claimDuePost (one post per server and local day, nonce, lease).
 * This post takes the place of today's scheduled one: the schedule moves past today, and the window stays open
 * until the next scheduled post.
 */
export async function claimPostNow(
  db: Db,
  guildId: string,
  nowMs: number,
  pickQuestion: QuestionPicker,
  options: { leaseMs?: number } = {},
): Promise<ClaimNowOutcome> {
  try {
    return await db.transaction(async (tx): Promise<ClaimNowOutcome> => {
      const row = await getScheduleRow(tx, guildId);
      if (!row) return { claimed: false, reason: 'no_schedule' };
      if (row.paused) return { claimed: false, reason: 'paused' };
      const today = localDateOf(nowMs, row.timezone);
      const existing = await tx.get<PostRow>(SQL.postRowOn, [guildId, today]);
      if (existing) return { claimed: false, reason: 'already_posted', post: toPost(existing) };
      const upcoming = nextOccurrence(ruleOf(row), nowMs);
      const next = await advanceSchedule(tx, row, upcoming.localDate === today ? upcoming.at : nowMs);
      const slot = { guildId, localDate: today, channelId: row.channel_id, windowClosesAt: next.at };
      return { claimed: true, post: await insertClaim(tx, slot, nowMs, pickQuestion, { leaseMs: options.leaseMs }) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const row = await getScheduleRow(db, guildId);
      const existing = row ? await db.get<PostRow>(SQL.postRowOn, [guildId, localDateOf(nowMs, row.timezone)]) : undefined;
      if (existing) return { claimed: false, reason: 'already_posted', post: toPost(existing) };
    }
    throw error;
  }
}

/** Whether a daily post still takes answers at `nowMs` (the progress module re-checks when recording). */
export function answerWindowOpen(post: Pick<QuizPost, 'status' | 'windowClosesAt'>, nowMs: number): boolean {
  if (post.status === 'revealed' || post.status === 'failed') return false;
  return post.windowClosesAt === null || post.windowClosesAt > nowMs;
}

/** The server's posted question still taking answers (today's, normally), or null: what /quiz status links to. */
export async function openPost(db: Queries, guildId: string, nowMs: number): Promise<QuizPost | null> {
  const row = await db.get<PostRow>(SQL.openPost, [guildId, nowMs]);
  return row ? toPost(row) : null;
}

export async function getPost(db: Queries, postId: number): Promise<QuizPost | null> {
  const row = await db.get<PostRow>(SQL.get, [postId]);
  return row ? toPost(row) : null;
}

/** The message is in the channel. Returns false if the post was already sent/revealed (first message id wins). */
export async function markPostSent(db: Queries, postId: number, messageId: string, nowMs: number = Date.now()): Promise<boolean> {
  return (await db.run(SQL.sent, [messageId, nowMs, postId])).changes > 0;
}

/**
 * Permanent failure (channel gone, no permission): the day's claim stays used and counts as a skipped day for
 * streaks (no penalty). Pair it with `pauseForProblem` so the server stops until an admin fixes it.
 */
export async function markPostFailed(db: Queries, postId: number, reason: string): Promise<boolean> {
  return (await db.run(SQL.failed, [reason, postId])).changes > 0;
}

/** Transient failure (rate limit, network): keep the claim and its nonce; `pendingSends` retries it after `retryInMs`. */
export async function deferPostSend(db: Queries, postId: number, nowMs: number, reason: string, retryInMs = 30_000): Promise<boolean> {
  return (await db.run(SQL.defer, [nowMs + retryInMs, reason, postId])).changes > 0;
}

/**
 * Claimed posts to send now: queued claims, and claims whose lease ran out without markPostSent/markPostFailed.
 * Each returned post is leased to the caller (lease_until = now + leaseMs) in the same transaction, so another
 * process calling this at the same time does not get it. Call it when the sends can start (the scheduler asks
 * for as many as it has free slots), so no lease runs out in a queue. Claims whose window closed unsent become
 * 'failed' ('window_closed') instead. Each call reads only the rows it returns or expires (the index on
 * lease_until), so asking for a few posts at a time stays cheap with 100,000 claims waiting.
 */
export async function pendingSends(db: Db, nowMs: number, options: { leaseMs?: number; limit?: number } = {}): Promise<QuizPost[]> {
  const leaseUntil = nowMs + (options.leaseMs ?? DEFAULT_LEASE_MS);
  const limit = options.limit ?? 1000;
  return db.transaction(async (tx) => {
    const leased: QuizPost[] = [];
    for (;;) {
      const wanted = limit - leased.length;
      const rows = await tx.all<PostRow>(SQL.leaseable, [nowMs, wanted]);
      let expired = 0;
      for (const row of rows) {
        if (row.window_closes_at !== null && row.window_closes_at <= nowMs) {
          await tx.run(SQL.expireUnsent, [row.id]);
          expired++;
          continue;
        }
        await tx.run(SQL.lease, [leaseUntil, row.id]);
        leased.push(toPost({ ...row, lease_until: leaseUntil, attempts: row.attempts + 1 }));
      }
      // Done when every row read was leased, or there were no more; expired rows leave room for more.
      if (expired === 0 || rows.length < wanted) return leased;
    }
  });
}

/** Sent posts whose answer window has closed: reveal them. */
export async function postsToReveal(db: Queries, nowMs: number, limit = 1000): Promise<QuizPost[]> {
  return (await db.all<PostRow>(SQL.toReveal, [nowMs, limit])).map(toPost);
}

/**
 * Marks a post revealed and settles the day's streaks in the same transaction. Returns the post only for the
 * caller that flipped it (call this BEFORE sending the reveal message; a second process gets null).
 * `alsoOnReveal` runs inside that transaction for the process that flips it (the missed-daily review cards), so
 * its writes happen exactly once with the reveal: a crash after the commit cannot lose them. Like the whole
 * transaction it may run more than once on PostgreSQL (a conflict retries it); only the committed run counts.
 */
export async function markRevealed(
  db: Db,
  postId: number,
  nowMs: number = Date.now(),
  alsoOnReveal?: (post: QuizPost) => unknown,
): Promise<QuizPost | null> {
  return db.transaction(async (tx) => {
    const row = await tx.get<PostRow>(SQL.revealed, [nowMs, postId]);
    if (!row) return null;
    await settleClosedWindow(db, row.guild_id, row.seq, nowMs);
    const post = toPost(row);
    await alsoOnReveal?.(post);
    return post;
  });
}
