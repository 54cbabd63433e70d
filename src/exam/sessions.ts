/**
 * A member's mock exam in SQLite (tables exams and exam_items, migration 0011): started with its questions and
 * option orders drawn once, answered and flagged item by item (each write committed before it returns), and
 * submitted once, by the member or by the deadline. The time left is always the stored deadline minus the
 * clock, so an exam survives a restart by construction. At submit every item becomes the member's review card
 * (src/review, source 'exam'): wrong and unanswered ones rated Again, right ones Good.
 */
import { guildTimeZone, statementCache, type Db } from '../progress/db.ts';
import { settleCardSteps } from '../progress/card-steps.ts';
import { localDateOf } from '../progress/dates.ts';
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

const statements = statementCache((db) => ({
  open: db.prepare<[string, string], ExamRow>('SELECT * FROM exams WHERE guild_id = ? AND user_id = ? AND submitted_at IS NULL'),
  byId: db.prepare<[number], ExamRow>('SELECT * FROM exams WHERE id = ?'),
  items: db.prepare<[number], ItemRow>('SELECT * FROM exam_items WHERE exam_id = ? ORDER BY position'),
  insert: db.prepare<[string, string, string, number, number, number]>(
    'INSERT INTO exams (guild_id, user_id, exam_name, started_at, deadline, total) VALUES (?, ?, ?, ?, ?, ?)',
  ),
  insertItem: db.prepare<[number, number, string, string, string]>(
    'INSERT INTO exam_items (exam_id, position, question_id, topic_id, option_order) VALUES (?, ?, ?, ?, ?)',
  ),
  answer: db.prepare<[string, number, number, number, number]>(
    'UPDATE exam_items SET answer = ?, correct = ?, answered_at = ? WHERE exam_id = ? AND position = ?',
  ),
  flag: db.prepare<[number, number, number]>('UPDATE exam_items SET flagged = ? WHERE exam_id = ? AND position = ?'),
  position: db.prepare<[number, number]>('UPDATE exams SET position = ? WHERE id = ? AND submitted_at IS NULL'),
  submit: db.prepare<[number, number, number, number, number]>(
    'UPDATE exams SET submitted_at = ?, timed_out = ?, correct = ?, scaled = ? WHERE id = ? AND submitted_at IS NULL',
  ),
  answeredAt: db.prepare<[number], { position: number; answered_at: number | null }>('SELECT position, answered_at FROM exam_items WHERE exam_id = ?'),
  history: db.prepare<[string, string, number], ExamRow>(
    'SELECT * FROM exams WHERE guild_id = ? AND user_id = ? AND submitted_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT ?',
  ),
  forget: db.prepare<[string, string]>('DELETE FROM exams WHERE guild_id = ? AND user_id = ?'),
  expired: db.prepare<[number], number>('SELECT id FROM exams WHERE submitted_at IS NULL AND deadline <= ? ORDER BY deadline').pluck(),
}));

function toSession(db: Db, row: ExamRow): ExamSession {
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
    items: statements(db).items.all(row.id).map((item) => ({
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

const transactions = statementCache((db) => ({
  start: db.transaction((exam: Exam, bank: QuestionBank, input: StartInput): StartResult => {
    const s = statements(db);
    const open = s.open.get(input.guildId, input.userId);
    if (open) {
      const session = toSession(db, open);
      if (input.now < session.deadline) return { status: 'resumed', session };
      return { status: 'timed-out', session: submitExam(db, exam, session.id, input.now) };
    }
    const drawn = drawExam(exam, bank, input.random);
    if (drawn.items.length === 0) return { status: 'no-questions' };
    const id = Number(s.insert.run(input.guildId, input.userId, exam.name, input.now, input.now + drawn.durationMs, drawn.items.length).lastInsertRowid);
    drawn.items.forEach((item, position) => s.insertItem.run(id, position, item.questionId, item.topicId, item.optionOrder));
    return { status: 'started', session: toSession(db, s.byId.get(id)!) };
  }),
  submit: db.transaction((exam: Exam, examId: number, now: number): ExamSession | null => {
    const s = statements(db);
    const row = s.byId.get(examId);
    if (!row) return null;
    if (row.submitted_at !== null) return toSession(db, row);
    const session = toSession(db, row);
    const timedOut = now >= session.deadline;
    const submittedAt = timedOut ? session.deadline : now;
    const correct = session.items.filter((item) => item.correct === true).length;
    const scaled = estimateScaledScore(exam, session.total === 0 ? 0 : correct / session.total);
    s.submit.run(submittedAt, timedOut ? 1 : 0, correct, scaled, examId);
    // Every question of the exam becomes the member's card; an unanswered one counts as wrong.
    const answeredAt = new Map(s.answeredAt.all(examId).map((r) => [r.position, r.answered_at]));
    settleCardSteps(db); // the daily answers' pending card steps came first
    rateAnswers(
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
    return toSession(db, s.byId.get(examId)!);
  }),
}));

/**
 * Starts the member's exam in this server, or returns the open one to resume (at most one open exam per member
 * per server). An open exam past its deadline is submitted now and returned as 'timed-out'.
 */
export function startExam(db: Db, exam: Exam, bank: QuestionBank, input: StartInput): StartResult {
  return transactions(db).start.immediate(exam, bank, input);
}

/** The exam as stored, or null; one past its deadline and not yet submitted is submitted first (scores what was answered). */
export function getExamSession(db: Db, exam: Exam, examId: number, now: number): ExamSession | null {
  const row = statements(db).byId.get(examId);
  if (!row) return null;
  if (row.submitted_at === null && now >= row.deadline) return submitExam(db, exam, examId, now);
  return toSession(db, row);
}

/** Submits the exam (idempotent: a submitted exam is returned as it is). After the deadline it is a time-out. */
export function submitExam(db: Db, exam: Exam, examId: number, now: number): ExamSession {
  const session = transactions(db).submit.immediate(exam, examId, now);
  if (!session) throw new RangeError(`no exam ${examId}`);
  return session;
}

/**
 * Submits every open exam whose deadline has passed (the scheduler's pass), so their questions reach the
 * members' reviews without waiting for their next click. Returns how many were submitted.
 */
export function submitExpiredExams(db: Db, exam: Exam, now: number): number {
  const ids = statements(db).expired.all(now);
  for (const id of ids) submitExam(db, exam, id, now);
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

function writable(db: Db, exam: Exam, input: ItemInput): ItemWriteResult | ExamSession {
  const row = statements(db).byId.get(input.examId);
  if (!row) return { status: 'unknown' };
  if (row.user_id !== input.userId) return { status: 'not-yours' };
  if (row.submitted_at !== null || input.now >= row.deadline) return { status: 'finished', session: submitExam(db, exam, row.id, input.now) };
  const session = toSession(db, row);
  if (!session.items.some((item) => item.position === input.position)) return { status: 'unknown' };
  return session;
}

/**
 * Records (or changes) the answer to one question; `submission` is in SHOWN positions, graded with checkAnswer
 * and stored in FILE indexes. The exam's position is left as it is (moveExamTo sets it). Refused after the deadline.
 */
export function answerExamItem(db: Db, exam: Exam, bank: QuestionBank, input: ItemInput & { submission: Submission }): ItemWriteResult {
  return itemWrites(db).answer.immediate(exam, bank, input);
}

/** Flags or unflags a question for review before submitting. */
export function flagExamItem(db: Db, exam: Exam, input: ItemInput & { flagged: boolean }): ItemWriteResult {
  return itemWrites(db).flag.immediate(exam, input);
}

// The open check and the write in one IMMEDIATE transaction: another process's submit (submitExpiredExams)
// cannot land between them, so a write never follows the submit that scored the exam.
const itemWrites = statementCache((db) => ({
  answer: db.transaction((exam: Exam, bank: QuestionBank, input: ItemInput & { submission: Submission }): ItemWriteResult => {
    const found = writable(db, exam, input);
    if (!('id' in found)) return found;
    const item = found.items[input.position]!;
    const question = bank.byId.get(item.questionId);
    if (!question) return { status: 'unknown' };
    const shown = presentItem(question, item);
    const check = checkAnswer(shown.question, input.submission);
    if (check.invalid) return { status: 'invalid' };
    const s = statements(db);
    const stored = toFileSubmission(shown, input.submission);
    const value = stored.kind === 'multiple' ? { ...stored, choices: [...stored.choices].sort((a, b) => a - b) } : stored;
    s.answer.run(JSON.stringify(value), check.correct ? 1 : 0, input.now, input.examId, input.position);
    return { status: 'ok', session: toSession(db, s.byId.get(input.examId)!) };
  }),
  flag: db.transaction((exam: Exam, input: ItemInput & { flagged: boolean }): ItemWriteResult => {
    const found = writable(db, exam, input);
    if (!('id' in found)) return found;
    const s = statements(db);
    s.flag.run(input.flagged ? 1 : 0, input.examId, input.position);
    return { status: 'ok', session: toSession(db, s.byId.get(input.examId)!) };
  }),
}));

/** Remembers the question the member is looking at, so /exam resumes there. */
export function moveExamTo(db: Db, examId: number, position: number): void {
  statements(db).position.run(position, examId);
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
export function examHistory(db: Db, guildId: string, userId: string, limit = 5): ExamHistoryEntry[] {
  const zone = guildTimeZone(db, guildId);
  return statements(db)
    .history.all(guildId, userId, limit)
    .map((row) => ({ startedAt: row.started_at, localDate: localDateOf(row.started_at, zone), submittedAt: row.submitted_at!, correct: row.correct ?? 0, total: row.total, scaled: row.scaled ?? 0 }));
}

/** /forget-me: the member's exams in this server (their items go with them). */
export function forgetExams(db: Db, guildId: string, userId: string): number {
  return statements(db).forget.run(guildId, userId).changes;
}
