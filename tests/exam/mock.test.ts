/** The mock exam's domain: the draw, the scaled estimate, and sessions on a real database (deadline, resume, submit). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  answerExamItem,
  drawExam,
  examDurationMs,
  examHistory,
  examResult,
  estimateScaledScore,
  flagExamItem,
  getExamSession,
  loadExam,
  parseExam,
  passes,
  startExam,
  submitExam,
  type Exam,
} from '../../src/exam/index.ts';
import { parseOrder } from '../../src/questions/index.ts';
import { getCard, questionCardKey } from '../../src/review/index.ts';
import { seededRandom } from '../../src/questions/random.ts';
import type { OpenOptions } from '../../src/storage/index.ts';
import { tempDatabase, testEngine, type TempDb } from '../support/temp-db.ts';
import { bankOf } from './bank.ts';

const run = promisify(execFile);

const EXAM = loadExam();

describe('drawing an exam', () => {
  it('takes per topic as many questions as its weight, no duplicates, mixed kinds, an order per choice question', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 3, max: 10 }).map((n) => 4 * n), (seed, perTopic) => {
        const bank = bankOf(perTopic);
        const { items, durationMs } = drawExam(EXAM, bank, seededRandom(seed));
        const weightSum = EXAM.topics.reduce((sum, t) => sum + t.weight, 0);
        expect(items).toHaveLength(weightSum);
        expect(new Set(items.map((i) => i.questionId)).size).toBe(items.length);
        for (const topic of EXAM.topics) expect(items.filter((i) => i.topicId === topic.id)).toHaveLength(topic.weight);
        const kinds = items.map((i) => bank.byId.get(i.questionId)!.kind);
        expect(kinds).toContain('multiple');
        expect(kinds).toContain('fill-in');
        // The bank is half single: the draw is close to half single too.
        expect(Math.abs(kinds.filter((k) => k === 'single').length - weightSum / 2)).toBeLessThanOrEqual(3);
        for (const item of items) {
          const question = bank.byId.get(item.questionId)!;
          const order = parseOrder(item.optionOrder)!;
          expect(order.length).toBe(question.kind === 'fill-in' ? 0 : question.options.length);
        }
        expect(durationMs).toBe(examDurationMs(EXAM, weightSum));
      }),
      { numRuns: 60 },
    );
  });

  it('the shipped exam: 36 questions in 54 minutes, derived from data/exam.json', () => {
    expect(EXAM.topics.reduce((sum, t) => sum + t.weight, 0)).toBe(36);
    expect(examDurationMs(EXAM, 36)).toBe(54 * 60_000);
    const other: Exam = parseExam({ ...EXAM, minutes: 120, questionCount: 40 });
    expect(examDurationMs(other, 10)).toBe(30 * 60_000);
  });

  it('prefers curated questions and takes what a small topic has', () => {
    const bank = bankOf(9);
    const { items } = drawExam(EXAM, bank, seededRandom(7));
    const generatedIn330_1 = items.filter((i) => i.topicId === '330.1' && bank.byId.get(i.questionId)!.generated).length;
    expect(generatedIn330_1).toBe(0); // 9 questions, 8 curated (only i = 4 is generated): the 8 drawn are the curated ones
    const small = bankOf(2);
    expect(drawExam(EXAM, small, seededRandom(1)).items).toHaveLength(EXAM.topics.reduce((sum, t) => sum + Math.min(2, t.weight), 0));
  });
});

describe('the scaled estimate', () => {
  it('is monotonic, spans the scale and puts the assumed pass fraction on the pass line', () => {
    expect(EXAM.assumedPassFraction).toBe(0.65);
    expect(estimateScaledScore(EXAM, 0)).toBe(200);
    expect(estimateScaledScore(EXAM, 1)).toBe(800);
    expect(estimateScaledScore(EXAM, EXAM.assumedPassFraction)).toBe(500);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 36 }), fc.integer({ min: 0, max: 36 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(estimateScaledScore(EXAM, lo / 36)).toBeLessThanOrEqual(estimateScaledScore(EXAM, hi / 36));
        expect(passes(EXAM, estimateScaledScore(EXAM, a / 36))).toBe(a / 36 >= EXAM.assumedPassFraction);
      }),
    );
  });
});

describe('exam sessions', () => {
  let temp: TempDb;
  afterEach(() => temp?.cleanup());
  const T0 = Date.UTC(2024, 5, 3, 12);
  const MIN = 60_000;

  async function setup(options?: OpenOptions) {
    temp = await tempDatabase();
    const db = await temp.open(options);
    const bank = bankOf(12);
    const started = await startExam(db, EXAM, bank, { guildId: 'g', userId: 'u', now: T0, random: seededRandom(3) });
    if (started.status !== 'started') throw new Error(started.status);
    return { db, bank, session: started.session };
  }

  /** The shown position of a right (or wrong) option of a single-choice item. */
  function shownChoice(bank: ReturnType<typeof bankOf>, item: { questionId: string; optionOrder: string }, right: boolean): number {
    const question = bank.byId.get(item.questionId)!;
    if (question.kind !== 'single') throw new Error('not single');
    return parseOrder(item.optionOrder)!.findIndex((file) => question.options[file]!.correct === right);
  }

  it('one open exam per member per server: a second start resumes it, with the stored deadline', async () => {
    const { db, bank, session } = await setup();
    expect(session.deadline - session.startedAt).toBe(54 * MIN);
    const again = await startExam(db, EXAM, bank, { guildId: 'g', userId: 'u', now: T0 + 10 * MIN });
    expect(again).toMatchObject({ status: 'resumed', session: { id: session.id, deadline: session.deadline } });
    expect((await startExam(db, EXAM, bank, { guildId: 'g2', userId: 'u', now: T0 })).status).toBe('started');
  });

  it('answers are graded through the stored order, stored in file indexes; after the deadline they are refused', async () => {
    const { db, bank, session } = await setup();
    const singles = session.items.filter((i) => bank.byId.get(i.questionId)!.kind === 'single');
    const [first, second] = singles;
    const right = await answerExamItem(db, EXAM, bank, { examId: session.id, userId: 'u', position: first!.position, now: T0 + MIN, submission: { kind: 'single', choice: shownChoice(bank, first!, true) } });
    expect(right.status).toBe('ok');
    if (right.status !== 'ok') return;
    const stored = right.session.items[first!.position]!;
    expect(stored.correct).toBe(true);
    expect(bank.byId.get(first!.questionId)!.kind === 'single' && (bank.byId.get(first!.questionId) as { options: { correct: boolean }[] }).options[(stored.answer as { choice: number }).choice]!.correct).toBe(true);
    expect((await answerExamItem(db, EXAM, bank, { examId: session.id, userId: 'other', position: 0, now: T0, submission: { kind: 'single', choice: 0 } })).status).toBe('not-yours');
    expect(await flagExamItem(db, EXAM, { examId: session.id, userId: 'u', position: 3, now: T0 + MIN, flagged: true })).toMatchObject({ status: 'ok' });
    // The deadline: the answer is refused, the exam is submitted with what was answered.
    const late = await answerExamItem(db, EXAM, bank, { examId: session.id, userId: 'u', position: second!.position, now: session.deadline, submission: { kind: 'single', choice: shownChoice(bank, second!, true) } });
    expect(late.status).toBe('finished');
    if (late.status !== 'finished') return;
    expect(late.session).toMatchObject({ timedOut: true, submittedAt: session.deadline, correct: 1 });
    expect(late.session.items[second!.position]!.answer).toBeNull();
    expect(late.session.items[3]!.flagged).toBe(true);
  });

  it('submit scores what was answered (unanswered = wrong), is idempotent, rates every question as a review card, and lands in the history', async () => {
    const { db, bank, session } = await setup();
    const singles = session.items.filter((i) => bank.byId.get(i.questionId)!.kind === 'single');
    for (const [n, item] of singles.slice(0, 4).entries()) {
      await answerExamItem(db, EXAM, bank, { examId: session.id, userId: 'u', position: item.position, now: T0 + MIN, submission: { kind: 'single', choice: shownChoice(bank, item, n < 3) } });
    }
    const submitted = await submitExam(db, EXAM, session.id, T0 + 20 * MIN);
    expect(submitted).toMatchObject({ timedOut: false, submittedAt: T0 + 20 * MIN, correct: 3, scaled: estimateScaledScore(EXAM, 3 / 36) });
    expect(await submitExam(db, EXAM, session.id, T0 + 30 * MIN)).toEqual(submitted);
    const result = examResult(EXAM, submitted);
    expect(result).toMatchObject({ correct: 3, total: 36, answered: 4, passed: false });
    expect(result.wrong).toHaveLength(33);
    expect(result.topics.map((t) => [t.topicId, t.total])).toEqual(EXAM.topics.map((t) => [t.id, t.weight]));
    expect(result.topics.reduce((sum, t) => sum + t.correct, 0)).toBe(3);
    const cards = await Promise.all(session.items.map((item) => getCard(db, 'g', 'u', questionCardKey(item.questionId))));
    expect(cards.every((card) => card !== undefined)).toBe(true);
    const rightCard = (await getCard(db, 'g', 'u', questionCardKey(singles[0]!.questionId)))!;
    const wrongCard = (await getCard(db, 'g', 'u', questionCardKey(singles[3]!.questionId)))!;
    expect(rightCard.due).toBeGreaterThan(wrongCard.due);
    expect(await examHistory(db, 'g', 'u')).toEqual([{ startedAt: T0, localDate: '2024-06-03', submittedAt: T0 + 20 * MIN, correct: 3, total: 36, scaled: submitted.scaled }]);
    // A new exam can start now.
    expect((await startExam(db, EXAM, bank, { guildId: 'g', userId: 'u', now: T0 + 40 * MIN })).status).toBe('started');
  });

  it('a submit by another connection between the open check and the write: the write is refused or lands before the submit, never after', async () => {
    const { db: first, bank, session } = await setup({ busyTimeoutMs: 0 });
    const other = await temp.open();
    const item = session.items.find((i) => bank.byId.get(i.questionId)!.kind === 'single')!;
    let submittedBetween = false;
    let submit: Promise<void> | undefined;
    // The question lookup sits between answerExamItem's open check and its UPDATE: the other process submits there
    // (once; PostgreSQL may run the answer's transaction again after a conflict).
    const byId = new Map(bank.byId);
    byId.get = (id: string) => {
      submit ??= submitExam(first, EXAM, session.id, T0 + MIN).then(
        () => void (submittedBetween = true),
        (error: unknown) => {
          if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        },
      );
      return bank.byId.get(id);
    };
    const result = await answerExamItem(other, EXAM, { ...bank, byId }, { examId: session.id, userId: 'u', position: item.position, now: T0 + MIN, submission: { kind: 'single', choice: shownChoice(bank, item, true) } });
    await submit;
    expect(submit).toBeDefined();
    const final = await submitExam(first, EXAM, session.id, T0 + 2 * MIN);
    // The stored score counts exactly the answers stored: nothing was written after the submit.
    expect(final.correct).toBe(final.items.filter((i) => i.correct === true).length);
    // A written answer came before the submit that scored the exam: it is in that score.
    if (result.status === 'ok') expect(final.items[item.position]!.correct).toBe(true);
    else expect(result.status).toBe('finished');
    // SQLite: the answer holds the write lock from its check; the other handle's submit (same file, same process)
    // waits for that transaction, so the answer is in and the submit scored it.
    // PostgreSQL: both run, and SERIALIZABLE orders them (a conflict runs one again), which the score checks cover.
    if (testEngine === 'sqlite') expect([result.status, submittedBetween]).toEqual(['ok', true]);
  });

  it('submitted on one connection, then answered or flagged on another: refused, nothing changed', async () => {
    const { db: first, bank, session } = await setup();
    const other = await temp.open();
    const item = session.items.find((i) => bank.byId.get(i.questionId)!.kind === 'single')!;
    const submitted = await submitExam(first, EXAM, session.id, T0 + MIN);
    const input = { examId: session.id, userId: 'u', position: item.position, now: T0 + 2 * MIN };
    expect((await answerExamItem(other, EXAM, bank, { ...input, submission: { kind: 'single', choice: shownChoice(bank, item, true) } })).status).toBe('finished');
    expect((await flagExamItem(other, EXAM, { ...input, flagged: true })).status).toBe('finished');
    expect(await getExamSession(first, EXAM, session.id, T0 + 3 * MIN)).toEqual(submitted);
  });

  it('processes starting the same member\'s exam at the same moment: one exam, the others resume it', async () => {
    temp = await tempDatabase();
    const startAt = Date.now() + 3000; // every child is loaded by then
    const worker = new URL('./start-worker.ts', import.meta.url).pathname;
    const outputs = await Promise.all([0, 1, 2].map(() => run(process.execPath, ['--import', 'tsx', worker, temp.target, String(T0), String(startAt)])));
    const results = outputs.map((output) => JSON.parse(output.stdout) as { status: string; id: number });
    expect(results.map((r) => r.status).sort()).toEqual(['resumed', 'resumed', 'started']);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await temp.db.all('SELECT id FROM exams')).toEqual([{ id: results[0]!.id }]);
    expect(await temp.db.get('SELECT count(*) AS n FROM exam_items')).toEqual({ n: 36 });
  }, 30_000);

  it('an exam past its deadline is submitted when read or restarted, never before', async () => {
    const { db, bank, session } = await setup();
    expect((await getExamSession(db, EXAM, session.id, session.deadline - 1))!.submittedAt).toBeNull();
    const timedOut = await startExam(db, EXAM, bank, { guildId: 'g', userId: 'u', now: session.deadline + 5 * MIN });
    expect(timedOut).toMatchObject({ status: 'timed-out', session: { id: session.id, timedOut: true, submittedAt: session.deadline, correct: 0 } });
    expect((await getExamSession(db, EXAM, session.id, session.deadline + 6 * MIN))!.submittedAt).toBe(session.deadline);
  });
});
