/**
 * A member's mock exam in the database (tables exams and exam_items, migration 0011): started with its questions and
 * option orders drawn once, answered and flagged item by item (each write committed before it returns), and
 * submitted once, by the member or by the deadline. The time left is always the stored deadline minus the
 * clock, so an exam survives a restart by construction. At submit every item becomes the member's review card
 * (src/review, source 'exam'): wrong and unanswered ones rated Again, right ones Good.
 */
import { guildTimeZone } from '../progress/db.ts';
import { settleCardSteps } from '../progress/card-steps.ts';
import { localDateOf } from '../progress/dates.ts';
import { isUniqueViolation, type Db, type Queries } from '../storage/index.ts';
import {
  checkAnswer,
  present,
  resolveOrder,
  toFileSubmission,
  type Question,
  type QuestionBank,
  type Submission,
} from '../questions/index.ts';
import { questionCardKey, rateAnswers } from '../review/index.ts';
import { drawExam } from './draw.ts';
import type { Exam } from './data.ts';
import { estimateScaledScore, passes } from './scale.ts';

export interface ExamItem {
  /** 0-based. */
  position: number;
  questionId: string;
  topicId: string;
  /** Serialized option order ('' for fill-in): see src/questions/presentation.ts. */
  optionOrder: string;
  /** The answer in FILE indexes (choice kinds) or the typed text; null while unanswered. */
  answer: Submission | null;
  correct: boolean | null;
  flagged: boolean;
}

export interface ExamSession {
  id: number;
  guildId: string;
  userId: string;
  examName: string;
  startedAt: number;
  deadline: number;
  /** The question last looked at (where a resume starts). */
  position: number;
  submittedAt: number | null;
  /** Submitted by the deadline rather than by the member. */
  timedOut: boolean;
  total: number;
  /** Set at submit. */
  correct: number | null;
  scaled: number | null;
  items: ExamItem[];
}

interface ExamRow {
  id: number;
  guild_id: string;
  user_id: string;
  exam_name: string;
  started_at: number;
  deadline: number;
  position: number;
  submitted_at: number | null;
  timed_out: number;
  total: number;
  correct: number | null;
  scaled: number | null;
}

interface ItemRow {
  position: number;
  question_id: string;
  topic_id: string;
  option_order: string;
  answer: string | null;
  correct: number | null;
  flagged: number;
}

const OPEN_EXAM = 'SELECT * FROM exams WHERE guild_id = ? AND user_id = ? AND submitted_at IS NULL';
const EXAM_BY_ID = 'SELECT * FROM exams WHERE id = ?';
const EXAM_ITEMS = 'SELECT * FROM exam_items WHERE exam_id = ? ORDER BY position';
// The id comes back from the insert itself (both engines), not from a per-connection "last row id".
const INSERT_EXAM = 'INSERT INTO exams (guild_id, user_id, exam_name, started_at, deadline, total) VALUES (?, ?, ?, ?, ?, ?) RETURNING id';
const INSERT_ITEM = 'INSERT INTO exam_items (exam_id, position, question_id, topic_id, option_order) VALUES (?, ?, ?, ?, ?)';
const ANSWER_ITEM = 'UPDATE exam_items SET answer = ?, correct = ?, answered_at = ? WHERE exam_id = ? AND position = ?';
const FLAG_ITEM = 'UPDATE exam_items SET flagged = ? WHERE exam_id = ? AND position = ?';
const MOVE_TO = 'UPDATE exams SET position = ? WHERE id = ? AND submitted_at IS NULL';
const SUBMIT = 'UPDATE exams SET submitted_at = ?, timed_out = ?, correct = ?, scaled = ? WHERE id = ? AND submitted_at IS NULL';
const ANSWERED_AT = 'SELECT position, answered_at FROM exam_items WHERE exam_id = ? ORDER BY position';
const HISTORY = 'SELECT * FROM exams WHERE guild_id = ? AND user_id = ? AND submitted_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT ?';
const FORGET = 'DELETE FROM exams WHERE guild_id = ? AND user_id = ?';
const EXPIRED = 'SELECT id FROM exams WHERE submitted_at IS NULL AND deadline <= ? ORDER BY deadline, id';

async function examById(db: Queries, examId: number): Promise<ExamRow | undefined> {
  return db.get<ExamRow>(EXAM_BY_ID, [examId]);
}

async function toSession(db: Queries, row: ExamRow): Promise<ExamSession> {
  const items = await db.all<ItemRow>(EXAM_ITEMS, [row.id]);
  return {
    id: row.id,
    guildId: row.guild_id,
    userId: row.user_id,
    examName: row.exam_name,
    startedAt: row.started_at,
    deadline: row.deadline,
    position: row.position,
    submittedAt: row.submitted_at,
    timedOut: row.timed_out === 1,
    total: row.total,
    correct: row.correct,
    scaled: row.scaled,
    items: items.map((item) => ({
      position: item.position,
      questionId: item.question_id,
      topicId: item.topic_id,
      optionOrder: item.option_order,
      answer: item.answer === null ? null : (JSON.parse(item.answer) as Submission),
      correct: item.correct === null ? null : item.correct === 1,
      flagged: item.flagged === 1,
    })),
  };
}

export function remainingMs(session: ExamSession, now: number): number {
  return Math.max(0, session.deadline - now);
}

export type StartResult =
  /** A new exam, or the member's open one (resumed: true). */
  | { status: 'started' | 'resumed'; session: ExamSession }
  /** The open exam had run out of time: submitted now; a new one starts on the next call. */
  | { status: 'timed-out'; session: ExamSession }
  | { status: 'no-questions' };

export interface StartInput {
  guildId: string;
  userId: string;
  now: number;
  /** Uniform numbers in [0, 1) for tests; crypto randomness by default. */
  random?: () => number;
}

/** The start, inside its transaction: the open exam (resumed or timed out), or a new one drawn and stored. */
async function startIn(db: Db, exam: Exam, bank: QuestionBank, input: StartInput): Promise<StartResult> {
  const open = await db.get<ExamRow>(OPEN_EXAM, [input.guildId, input.userId]);
  if (open) {
    const session = await toSession(db, open);
    if (input.now < session.deadline) return { status: 'resumed', session };
    return { status: 'timed-out', session: (await submitIn(db, exam, session.id, input.now))! };
  }
  const drawn = drawExam(exam, bank, input.random);
  if (drawn.items.length === 0) return { status: 'no-questions' };
  const inserted = await db.get<{ id: number }>(INSERT_EXAM, [input.guildId, input.userId, exam.name, input.now, input.now + drawn.durationMs, drawn.items.length]);
  const id = Number(inserted!.id);
  for (const [position, item] of drawn.items.entries()) await db.run(INSERT_ITEM, [id, position, item.questionId, item.topicId, item.optionOrder]);
  return { status: 'started', session: await toSession(db, (await examById(db, id))!) };
}

/**
 * The submit, inside its transaction (null: no such exam). `db` runs the statements: inside db.transaction
 * they join it, and so does settleCardSteps's own transaction (a savepoint of this one).
 */
async function submitIn(db: Db, exam: Exam, examId: number, now: number): Promise<ExamSession | null> {
  const row = await examById(db, examId);
  if (!row) return null;
  if (row.submitted_at !== null) return toSession(db, row);
  const session = await toSession(db, row);
  const timedOut = now >= session.deadline;
  const submittedAt = timedOut ? session.deadline : now;
  const correct = session.items.filter((item) => item.correct === true).length;
  const scaled = estimateScaledScore(exam, session.total === 0 ? 0 : correct / session.total);
  await db.run(SUBMIT, [submittedAt, timedOut ? 1 : 0, correct, scaled, examId]);
  // Every question of the exam becomes the member's card; an unanswered one counts as wrong.
  const answeredAt = new Map((await db.all<{ position: number; answered_at: number | null }>(ANSWERED_AT, [examId])).map((r) => [r.position, r.answered_at]));
  await settleCardSteps(db); // the daily answers' pending card steps came first
  await rateAnswers(
    db,
    session.items.map((item) => ({
      guildId: session.guildId,
      userId: session.userId,
      cardKey: questionCardKey(item.questionId),
      topicId: item.topicId,
      correct: item.correct === true,
      source: 'exam' as const,
      at: answeredAt.get(item.position) ?? submittedAt,
    })),
  );
  return toSession(db, (await examById(db, examId))!);
}

/**
 * Starts the member's exam in this server, or returns the open one to resume (at most one open exam per member
 * per server). An open exam past its deadline is submitted now and returned as 'timed-out'.
 */
export async function startExam(db: Db, exam: Exam, bank: QuestionBank, input: StartInput): Promise<StartResult> {
  const start = () => db.transaction(() => startIn(db, exam, bank, input));
  try {
    return await start();
  } catch (error) {
    // Another process started this member's exam between our check and our insert (exams_open refused the
    // second): the next try finds it and resumes it.
    if (!isUniqueViolation(error)) throw error;
    return start();
  }
}

/** The exam as stored, or null; one past its deadline and not yet submitted is submitted first (scores what was answered). */
export async function getExamSession(db: Db, exam: Exam, examId: number, now: number): Promise<ExamSession | null> {
  const row = await examById(db, examId);
  if (!row) return null;
  if (row.submitted_at === null && now >= row.deadline) return submitExam(db, exam, examId, now);
  return toSession(db, row);
}

/** Submits the exam (idempotent: a submitted exam is returned as it is). After the deadline it is a time-out. */
export async function submitExam(db: Db, exam: Exam, examId: number, now: number): Promise<ExamSession> {
  const session = await db.transaction(() => submitIn(db, exam, examId, now));
  if (!session) throw new RangeError(`no exam ${examId}`);
  return session;
}

/**
 * Submits every open exam whose deadline has passed (the scheduler's pass), so their questions reach the
 * members' reviews without waiting for their next click. Returns how many were submitted.
 */
export async function submitExpiredExams(db: Db, exam: Exam, now: number): Promise<number> {
  const ids = (await db.all<{ id: number }>(EXPIRED, [now])).map((row) => row.id);
  for (const id of ids) await submitExam(db, exam, id, now);
  return ids.length;
}

/** The question as shown in the exam (its stored order; a bank edit that changed the options: a fixed fallback). */
export function presentItem(question: Question, item: Pick<ExamItem, 'optionOrder' | 'questionId'>) {
  return present(question, resolveOrder(question, question.kind === 'fill-in' ? '' : item.optionOrder, `exam|${item.questionId}`));
}

/** A stored answer (FILE indexes) as the member gave it (SHOWN positions), for labels. */
export function shownSubmission(question: Question, item: ExamItem): Submission | null {
  const answer = item.answer;
  if (!answer) return null;
  const { order } = presentItem(question, item);
  if (answer.kind === 'single') return { kind: 'single', choice: order.indexOf(answer.choice) };
  if (answer.kind === 'multiple') return { kind: 'multiple', choices: answer.choices.map((file) => order.indexOf(file)) };
  return answer;
}

export type ItemWriteResult =
  | { status: 'ok'; session: ExamSession }
  | { status: 'not-yours' | 'unknown' | 'invalid' }
  /** The exam is over (submitted, or past its deadline: submitted now); nothing was written. */
  | { status: 'finished'; session: ExamSession };

export interface ItemInput {
  examId: number;
  userId: string;
  position: number;
  now: number;
}

async function writable(db: Db, exam: Exam, input: ItemInput): Promise<ItemWriteResult | ExamSession> {
  const row = await examById(db, input.examId);
  if (!row) return { status: 'unknown' };
  if (row.user_id !== input.userId) return { status: 'not-yours' };
  if (row.submitted_at !== null || input.now >= row.deadline) return { status: 'finished', session: (await submitIn(db, exam, row.id, input.now))! };
  const session = await toSession(db, row);
  if (!session.items.some((item) => item.position === input.position)) return { status: 'unknown' };
  return session;
}

/**
 * Records (or changes) the answer to one question; `submission` is in SHOWN positions, graded with checkAnswer
 * and stored in FILE indexes. The exam's position is left as it is (moveExamTo sets it). Refused after the deadline.
 */
// The open check and the write in ONE transaction (SQLite: the write lock from the start; PostgreSQL:
// SERIALIZABLE, run again on a conflict): another process's submit (submitExpiredExams) cannot land between
// them, so a write never follows the submit that scored the exam.
export async function answerExamItem(db: Db, exam: Exam, bank: QuestionBank, input: ItemInput & { submission: Submission }): Promise<ItemWriteResult> {
  return db.transaction(async (): Promise<ItemWriteResult> => {
    const found = await writable(db, exam, input);
    if (!('id' in found)) return found;
    const item = found.items[input.position]!;
    const question = bank.byId.get(item.questionId);
    if (!question) return { status: 'unknown' };
    const shown = presentItem(question, item);
    const check = checkAnswer(shown.question, input.submission);
    if (check.invalid) return { status: 'invalid' };
    const stored = toFileSubmission(shown, input.submission);
    const value = stored.kind === 'multiple' ? { ...stored, choices: [...stored.choices].sort((a, b) => a - b) } : stored;
    await db.run(ANSWER_ITEM, [JSON.stringify(value), check.correct ? 1 : 0, input.now, input.examId, input.position]);
    return { status: 'ok', session: await toSession(db, (await examById(db, input.examId))!) };
  });
}

/** Flags or unflags a question for review before submitting (the same one-transaction check as an answer). */
export async function flagExamItem(db: Db, exam: Exam, input: ItemInput & { flagged: boolean }): Promise<ItemWriteResult> {
  return db.transaction(async (): Promise<ItemWriteResult> => {
    const found = await writable(db, exam, input);
    if (!('id' in found)) return found;
    await db.run(FLAG_ITEM, [input.flagged ? 1 : 0, input.examId, input.position]);
    return { status: 'ok', session: await toSession(db, (await examById(db, input.examId))!) };
  });
}

/** Remembers the question the member is looking at, so /exam resumes there. */
export async function moveExamTo(db: Queries, examId: number, position: number): Promise<void> {
  await db.run(MOVE_TO, [position, examId]);
}

export interface TopicScore {
  topicId: string;
  name: string;
  weight: number;
  correct: number;
  total: number;
}

export interface ExamResult {
  correct: number;
  total: number;
  /** 0..1. */
  fraction: number;
  /** An ESTIMATE of the 200–800 score (src/exam/scale.ts). */
  scaled: number;
  passed: boolean;
  answered: number;
  topics: TopicScore[];
  /** Wrong and unanswered items, in exam order. */
  wrong: ExamItem[];
}

/** The score of a submitted exam, per topic against the exam's weights. */
export function examResult(exam: Exam, session: ExamSession): ExamResult {
  const correct = session.items.filter((item) => item.correct === true).length;
  const total = session.items.length;
  const fraction = total === 0 ? 0 : correct / total;
  const scaled = session.scaled ?? estimateScaledScore(exam, fraction);
  const topics = exam.topics
    .map((topic) => {
      const items = session.items.filter((item) => item.topicId === topic.id);
      return { topicId: topic.id, name: topic.name, weight: topic.weight, correct: items.filter((item) => item.correct === true).length, total: items.length };
    })
    .filter((topic) => topic.total > 0);
  return {
    correct,
    total,
    fraction,
    scaled,
    passed: passes(exam, scaled),
    answered: session.items.filter((item) => item.answer !== null).length,
    topics,
    wrong: session.items.filter((item) => item.correct !== true),
  };
}

export interface ExamHistoryEntry {
  startedAt: number;
  /** YYYY-MM-DD of the start in the server's timezone (its quiz schedule's, else UTC). */
  localDate: string;
  submittedAt: number;
  correct: number;
  total: number;
  scaled: number;
}

/** The member's submitted exams in this server, newest first. */
export async function examHistory(db: Queries, guildId: string, userId: string, limit = 5): Promise<ExamHistoryEntry[]> {
  const zone = await guildTimeZone(db, guildId);
  const rows = await db.all<ExamRow>(HISTORY, [guildId, userId, limit]);
  return rows.map((row) => ({ startedAt: row.started_at, localDate: localDateOf(row.started_at, zone), submittedAt: row.submitted_at!, correct: row.correct ?? 0, total: row.total, scaled: row.scaled ?? 0 }));
}

/** /forget-me: the member's exams in this server (their items go with them). */
export async function forgetExams(db: Queries, guildId: string, userId: string): Promise<number> {
  return (await db.run(FORGET, [guildId, userId])).changes;
}
