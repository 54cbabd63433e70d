/**
 * Recording answers. Each call is ONE transaction, committed before the returned promise resolves, so the
 * caller replies to the member only about what is stored. Called inside another transaction (a batch, the
 * bot's own), it becomes a savepoint of it.
 */
import { DAILY_CORRECT_POINTS, PRACTICE_CORRECT_POINTS } from './constants.ts';
import { guildTimeZone, type Db, type Queries } from './db.ts';
import { localDateOf } from './dates.ts';
import { addTopicAnswer, newMember, saveMember, setStreak, streakOf, type MemberRow } from './member.ts';
import { writeMembers, type MemberChanges } from './member-cache.ts';
import { answerablePost, firstOpenPostBetween, postsAfter, type AnswerablePost } from './posts.ts';
import { addAnswerToScores } from './scores.ts';
import { applyOutcome, foldPosts, isWindowClosed, newEvents, type FoldEvents } from './streak-rules.ts';
import { readStreak, type StreakView } from './streak.ts';
// Every answered question becomes the member's review card: practice and review answers step it in their own
// transaction (a savepoint); daily answers leave it to the card stepper (card-steps.ts), after their commit.
import { getCard, questionCardKey, rateAnswer, type AnswerSource, type RateInput } from '../review/index.ts';
import { settleCardSteps } from './card-steps.ts';

export type AnswerValue = readonly string[] | string;

export interface DailyAnswerInput {
  guildId: string;
  userId: string;
  /** quiz_posts.id of the daily post the member clicked on. */
  postId: number;
  questionId: string;
  topicId: string;
  answer: AnswerValue;
  correct: boolean;
  /** epoch ms */
  answeredAt: number;
}

export interface RecordedDailyAnswer {
  status: 'recorded';
  answerId: number;
  correct: boolean;
  pointsAwarded: number;
  /** The streak after this answer (freezes spent on earlier missed days included). */
  streak: StreakView;
  /** A freeze was earned by this answer. */
  freezeEarned: boolean;
  /** Freezes spent on missed days settled while recording (normally 0: closeDailyWindow settles them). */
  freezesSpent: number;
  /** The previous streak had been lost to a missed day, settled while recording. */
  streakBroken: boolean;
  /** The member's all-time totals in this server. */
  totals: { points: number; answered: number; correct: number };
}

export type AlreadyAnswered = KeptAnswer | ForgottenAnswer;

/** The member's first answer to this post, which stays. */
export interface KeptAnswer {
  status: 'already-answered';
  forgotten: false;
  answerId: number;
  /** Whether the first (kept) answer was correct. */
  correct: boolean;
  answer: AnswerValue;
  answeredAt: number;
  streak: StreakView;
}

/** The member answered this (still open) post, then asked /forget-me: the answer is gone, the post stays answered. */
export interface ForgottenAnswer {
  status: 'already-answered';
  forgotten: true;
  streak: StreakView;
}

export interface WindowClosed {
  status: 'window-closed';
  streak: StreakView;
}

export type DailyAnswerResult = RecordedDailyAnswer | AlreadyAnswered | WindowClosed;

export class UnknownPostError extends Error {
  constructor(readonly postId: number, readonly guildId: string) {
    super(`no daily post ${postId} in guild ${guildId}`);
    this.name = 'UnknownPostError';
  }
}

interface ExistingAnswer {
  id: number;
  answer: string;
  correct: number;
  answered_at: number;
}

const INSERT_DAILY_SQL = `INSERT INTO answers (guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
 VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)
 ON CONFLICT (post_id, user_id) WHERE post_id IS NOT NULL DO NOTHING
 RETURNING id`;
const INSERT_PRACTICE_SQL = `INSERT INTO answers (guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
 VALUES (?, ?, 1, NULL, ?, ?, ?, ?, ?, ?, ?)
 RETURNING id`;
const FORGOTTEN_SQL = 'SELECT 1 AS forgotten FROM forgotten_answers WHERE post_id = ? AND user_id = ?';
const EXISTING_SQL = 'SELECT id, answer, correct, answered_at FROM answers WHERE post_id = ? AND user_id = ?';
// The card outbox's watermark (card-steps.ts). Read, not used: on PostgreSQL the read makes SERIALIZABLE abort
// one of an answer's transaction and a card-step batch that overlap, so the stepper never moves its watermark
// past an answer id it could not see yet (ids are not committed in id order there). Harmless on SQLite, where
// one writer at a time holds the file.
const OUTBOX_READ_SQL = 'SELECT stepped_through FROM card_outbox WHERE id = 1';

function closedForAnswers(post: AnswerablePost, at: number): boolean {
  return isWindowClosed(
    { seq: post.seq, status: post.status, delivered: post.delivered === 1, windowClosesAt: post.window_closes_at },
    post.closed_seq,
    at,
  );
}

async function alreadyAnswered(db: Queries, input: DailyAnswerInput, existing: ExistingAnswer): Promise<KeptAnswer> {
  return {
    status: 'already-answered',
    forgotten: false,
    answerId: existing.id,
    correct: existing.correct === 1,
    answer: JSON.parse(existing.answer) as AnswerValue,
    answeredAt: existing.answered_at,
    streak: await readStreak(db, input.guildId, input.userId, input.answeredAt),
  };
}

/** Folds the member's streak up to and including `post`, which they have just answered. */
async function advanceStreak(db: Queries, member: MemberRow, post: AnswerablePost, at: number, events: FoldEvents): Promise<void> {
  const state = streakOf(member);
  if (member.last_seq >= post.seq) return; // cannot happen for an open post; never fold twice
  const pendingAnswers = member.last_answered_seq > member.last_seq;
  let lastSeq = member.last_seq;
  if (!pendingAnswers && lastSeq < post.seq - 1 && state.current === 0) {
    // Nothing to lose: the unanswered posts in between only matter if one is still open. Normally every
    // earlier post is inside the guild's settled prefix and there is nothing to look up.
    if (post.closed_seq >= post.seq - 1 || (await firstOpenPostBetween(db, post.guild_id, lastSeq, post.seq, post.closed_seq, at)) === undefined) {
      lastSeq = post.seq - 1;
    }
  }
  if (!pendingAnswers && lastSeq === post.seq - 1) {
    applyOutcome(state, 'answered', events);
    lastSeq = post.seq;
  } else {
    lastSeq = foldPosts(state, lastSeq, await postsAfter(db, post.guild_id, member.user_id, lastSeq), post.closed_seq, at, events);
  }
  member.last_seq = lastSeq;
  setStreak(member, state);
}

type PostLookup = (postId: number) => Promise<AnswerablePost | undefined>;

/** The answering member's row (new if they never answered); whoever answers is evidently back on the boards. */
async function answeringMember(db: Queries, changes: MemberChanges, input: { guildId: string; userId: string; answeredAt: number }) {
  const existing = await changes.read(db, input.guildId, input.userId);
  const member = existing ?? newMember(input.guildId, input.userId, input.answeredAt);
  member.left_at = null;
  return { member, existed: existing !== undefined };
}

interface CountedAnswer {
  guildId: string;
  topicId: string;
  localDate: string;
  correct: 0 | 1;
  points: number;
  answeredAt: number;
}

/** Counts an answer in the member's topic and period totals, then writes the row (daily and practice alike). */
async function countAnswer(db: Queries, changes: MemberChanges, member: MemberRow, existed: boolean, answer: CountedAnswer): Promise<void> {
  addTopicAnswer(member, answer.topicId, answer.correct);
  addAnswerToScores(member, answer.localDate, answer.correct, answer.points);
  member.updated_at = Math.max(member.updated_at, answer.answeredAt);
  await saveMember(db, member, existed);
  changes.put(answer.guildId, member);
}

/** The answer's card step is not taken here: the answers row is its outbox entry (see card-steps.ts). */
async function recordOne(db: Queries, input: DailyAnswerInput, changes: MemberChanges, postOf: PostLookup): Promise<DailyAnswerResult> {
  const post = await postOf(input.postId);
  if (!post || post.guild_id !== input.guildId) throw new UnknownPostError(input.postId, input.guildId);
  if (closedForAnswers(post, input.answeredAt)) {
    const existing = await db.get<ExistingAnswer>(EXISTING_SQL, [post.id, input.userId]);
    if (existing) return alreadyAnswered(db, input, existing);
    return { status: 'window-closed', streak: await readStreak(db, input.guildId, input.userId, input.answeredAt) };
  }
  if ((await db.get(FORGOTTEN_SQL, [post.id, input.userId])) !== undefined) {
    return { status: 'already-answered', forgotten: true, streak: await readStreak(db, input.guildId, input.userId, input.answeredAt) };
  }
  const correct = input.correct ? 1 : 0;
  const points = correct ? DAILY_CORRECT_POINTS : 0;
  const inserted = await db.get<{ id: number }>(INSERT_DAILY_SQL, [
    input.guildId,
    input.userId,
    post.id,
    input.questionId,
    input.topicId,
    JSON.stringify(input.answer),
    correct,
    points,
    post.local_date,
    input.answeredAt,
  ]);
  if (!inserted) return alreadyAnswered(db, input, (await db.get<ExistingAnswer>(EXISTING_SQL, [post.id, input.userId]))!);

  const { member, existed } = await answeringMember(db, changes, input);
  const events = newEvents();
  await advanceStreak(db, member, post, input.answeredAt, events);
  member.last_answered_seq = Math.max(member.last_answered_seq, post.seq);
  member.daily_answered += 1;
  member.daily_correct += correct;
  await countAnswer(db, changes, member, existed, { ...input, localDate: post.local_date, correct, points });
  return {
    status: 'recorded',
    answerId: inserted.id,
    correct: correct === 1,
    pointsAwarded: points,
    streak: { current: member.current_streak, best: member.best_streak, freezes: member.freezes, freezesUsed: member.freezes_used, todayPending: false },
    freezeEarned: events.freezesEarned > 0,
    freezesSpent: events.freezesSpent,
    streakBroken: events.streaksBroken > 0,
    totals: { points: member.points, answered: member.answered, correct: member.correct },
  };
}

/** One group of daily answers in the caller's transaction (a group commit, or a group of one). */
async function recordGroup(db: Queries, inputs: readonly DailyAnswerInput[], changes: MemberChanges): Promise<DailyAnswerResult[]> {
  await db.get(OUTBOX_READ_SQL); // see OUTBOX_READ_SQL: orders this transaction against the card stepper
  // Nothing in the group changes a post or the settled prefix: look each post up once.
  const posts = new Map<number, AnswerablePost | undefined>();
  const postOf: PostLookup = async (id) => {
    if (!posts.has(id)) posts.set(id, await answerablePost(db, id));
    return posts.get(id);
  };
  const results: DailyAnswerResult[] = [];
  for (const input of inputs) results.push(await recordOne(db, input, changes, postOf));
  return results;
}

/** What a card step needs to know of a practice or review answer. */
type Answered = { guildId: string; userId: string; questionId: string; topicId: string; correct: boolean; timezone?: string | undefined };

/** The step of the member's card for this question (created on first sight): wrong → Again, right → Good. */
function cardStep(input: Answered, source: AnswerSource, at: number): RateInput {
  return { guildId: input.guildId, userId: input.userId, cardKey: questionCardKey(input.questionId), topicId: input.topicId, correct: input.correct, source, at, timezone: input.timezone };
}

/**
 * Records a member's answer to the daily post: one answer per member per post (a second click returns
 * 'already-answered' and changes nothing), refused with 'window-closed' once the window closed. Updates the
 * member's streak, points and period totals (one member_progress row) in the same transaction.
 * Throws UnknownPostError when the post does not exist in that guild.
 */
export async function recordDailyAnswer(db: Db, input: DailyAnswerInput): Promise<DailyAnswerResult> {
  return (await recordDailyAnswers(db, [input]))[0]!;
}

/**
 * Group commit: many answers (a burst right after the post) in ONE transaction, one result per input in order.
 * Same rules as recordDailyAnswer; reply to the members after it returns.
 */
export function recordDailyAnswers(db: Db, inputs: readonly DailyAnswerInput[]): Promise<DailyAnswerResult[]> {
  return writeMembers(db, (tx, changes) => recordGroup(tx, inputs, changes));
}

export interface PracticeAnswerInput {
  guildId: string;
  userId: string;
  questionId: string;
  topicId: string;
  answer: AnswerValue;
  correct: boolean;
  answeredAt: number;
  /** The server's IANA zone for the local day; defaults to its quiz schedule's zone, then UTC. */
  timezone?: string;
}

export interface RecordedPracticeAnswer {
  status: 'recorded';
  answerId: number;
  correct: boolean;
  pointsAwarded: number;
  localDate: string;
  totals: { points: number; answered: number; correct: number };
}

async function recordPracticeOne(db: Db, input: PracticeAnswerInput, changes: MemberChanges, source: 'practice' | 'review' = 'practice'): Promise<RecordedPracticeAnswer> {
  await settleCardSteps(db); // the card's pending daily steps come before this answer's (id order)
  await db.get(OUTBOX_READ_SQL); // see OUTBOX_READ_SQL
  const localDate = localDateOf(input.answeredAt, input.timezone ?? (await guildTimeZone(db, input.guildId)));
  const correct = input.correct ? 1 : 0;
  const points = correct ? PRACTICE_CORRECT_POINTS : 0;
  const inserted = (await db.get<{ id: number }>(INSERT_PRACTICE_SQL, [
    input.guildId,
    input.userId,
    input.questionId,
    input.topicId,
    JSON.stringify(input.answer),
    correct,
    points,
    localDate,
    input.answeredAt,
  ]))!;
  const { member, existed } = await answeringMember(db, changes, input);
  await countAnswer(db, changes, member, existed, { ...input, localDate, correct, points });
  await rateAnswer(db, cardStep(input, source, input.answeredAt));
  return {
    status: 'recorded',
    answerId: inserted.id,
    correct: correct === 1,
    pointsAwarded: points,
    localDate,
    totals: { points: member.points, answered: member.answered, correct: member.correct },
  };
}

/** Records a /practice answer: counts for points, accuracy and the heatmap, never for streaks. */
export function recordPracticeAnswer(db: Db, input: PracticeAnswerInput): Promise<RecordedPracticeAnswer> {
  return writeMembers(db, (_tx, changes) => recordPracticeOne(db, input, changes));
}

export interface ReviewAnswerInput extends PracticeAnswerInput {
  /** The card's reps when it was shown (carried in the answer's custom id). */
  expectedReps: number;
}

/** The card was answered since it was shown (a double click, a stale message), or is gone: nothing written. */
export interface StaleReview {
  status: 'stale';
}

/**
 * Records a /review answer to a question card: stored like practice (points and stats, never streaks) and the
 * card stepped and logged as a review, in ONE transaction. Refused ('stale') unless the card still has
 * `expectedReps`, so only the first answer per showing counts, across processes and restarts.
 */
export function recordReviewAnswer(db: Db, input: ReviewAnswerInput): Promise<RecordedPracticeAnswer | StaleReview> {
  return writeMembers(db, async (_tx, changes) => {
    // The first answer per shown card wins: the card must still have the reps it had when it was shown (with
    // the daily steps still pending applied: they came first).
    await settleCardSteps(db);
    const card = await getCard(db, input.guildId, input.userId, questionCardKey(input.questionId));
    if (!card || card.reps !== input.expectedReps) return { status: 'stale' as const };
    return recordPracticeOne(db, input, changes, 'review');
  });
}
