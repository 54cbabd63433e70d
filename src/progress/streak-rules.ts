/**
 * The streak rules as pure functions. The server's scheduled days are exactly its daily posts, in seq order;
 * days without a post (paused, not in the schedule's days, /quiz skip, bot down) do not exist here, so they can
 * neither count nor break a streak.
 *
 * For one member each post ends up as:
 *   answered - they answered within the window (right or wrong): the streak grows by one.
 *   missed   - the window closed without their answer: a held freeze is spent, or the streak drops to 0.
 *   skipped  - the post never reached the channel (failed / never sent): nothing happens.
 *   open     - the window is still open and they have not answered: the fold stops here until it settles.
 *
 * Freezes (as in Duolingo): one is earned each time the streak reaches a multiple of FREEZE_EVERY_DAYS
 * answered days, at most MAX_FREEZES are held, and a missed day spends one automatically. A freeze day keeps
 * the streak number unchanged: it does not count toward the length (nor toward the next freeze), it only
 * protects it. Invariant: current = 0 implies freezes = 0 (freezes are only earned by a growing streak and a
 * reset happens only when none is left).
 */
import { FREEZE_EVERY_DAYS, MAX_FREEZES } from './constants.ts';

export interface StreakState {
  current: number;
  best: number;
  freezes: number;
  freezesUsed: number;
}

export type PostOutcome = 'answered' | 'missed' | 'skipped' | 'open';

/** What a fold did, for the member's feedback and for the leaderboards' counts. */
export interface FoldEvents {
  freezesEarned: number;
  freezesSpent: number;
  streaksBroken: number;
}

export function newEvents(): FoldEvents {
  return { freezesEarned: 0, freezesSpent: 0, streaksBroken: 0 };
}

/** One settled post applied to the state (mutates `state` and `events`). */
export function applyOutcome(state: StreakState, outcome: Exclude<PostOutcome, 'open'>, events: FoldEvents): void {
  if (outcome === 'answered') {
    state.current += 1;
    if (state.current > state.best) state.best = state.current;
    if (state.current % FREEZE_EVERY_DAYS === 0 && state.freezes < MAX_FREEZES) {
      state.freezes += 1;
      events.freezesEarned += 1;
    }
  } else if (outcome === 'missed' && state.current > 0) {
    if (state.freezes > 0) {
      state.freezes -= 1;
      state.freezesUsed += 1;
      events.freezesSpent += 1;
    } else {
      state.current = 0;
      events.streaksBroken += 1;
    }
  }
}

/** A post as the fold needs it. */
export interface FoldPost {
  seq: number;
  status: string;
  /** The message reached the channel (status sent/revealed, or a message id is known). */
  delivered: boolean;
  windowClosesAt: number | null;
  /** This member answered it. */
  answered: boolean;
}

/**
 * Whether a post's window is closed at `now`: settled by closeDailyWindow (seq <= closedSeq), revealed,
 * failed, or past its closing time.
 */
export function isWindowClosed(post: Omit<FoldPost, 'answered'>, closedSeq: number, now: number): boolean {
  return (
    post.seq <= closedSeq ||
    post.status === 'revealed' ||
    post.status === 'failed' ||
    (post.windowClosesAt !== null && post.windowClosesAt <= now)
  );
}

export function postOutcome(post: FoldPost, closedSeq: number, now: number): PostOutcome {
  if (post.answered) return 'answered';
  if (!isWindowClosed(post, closedSeq, now)) return 'open';
  return post.delivered && post.status !== 'failed' ? 'missed' : 'skipped';
}

/**
 * Applies posts (ascending seq, all > lastSeq) until the first open one. Returns the new lastSeq: every post up
 * to it is folded into `state`.
 */
export function foldPosts(
  state: StreakState,
  lastSeq: number,
  posts: Iterable<FoldPost>,
  closedSeq: number,
  now: number,
  events: FoldEvents,
): number {
  for (const post of posts) {
    if (post.seq <= lastSeq) continue;
    const outcome = postOutcome(post, closedSeq, now);
    if (outcome === 'open') break;
    applyOutcome(state, outcome, events);
    lastSeq = post.seq;
  }
  return lastSeq;
}
