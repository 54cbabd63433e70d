/**
 * The answers table as the outbox of daily card steps: the group commit writes no card, the stepper applies the
 * steps above the watermark exactly once, in answer (id) order, across a crash and /forget-me's deletions.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  DailyAnswerQueue,
  forgetMember,
  hasPendingCardSteps,
  recordDailyAnswers,
  recordPracticeAnswer,
  settleCardSteps,
  stepCardBatch,
  type DailyAnswerInput,
} from '../../src/progress/index.ts';
import { getCard, questionCardKey, rateAnswer } from '../../src/review/index.ts';
import { migrateSqlite, openSqlite, type Db } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';
import { DAY, dayPost, freshDb, freshTemp, HOUR, scalar, T0 } from './fixture.ts';

const daily = (postId: number, n: number, userId: string, correct: boolean, questionId = `q${n}`): DailyAnswerInput => ({
  guildId: 'g1', userId, postId, questionId, topicId: '330.1', answer: ['a'], correct, answeredAt: T0 + n * DAY + HOUR,
});
/** The same step taken inline, as before the outbox, on a database of its own. */
const inline = async (db: Db, a: { userId: string; questionId: string; correct: boolean; answeredAt: number }, source: 'daily' | 'practice' = 'daily') =>
  await rateAnswer(db, { guildId: 'g1', userId: a.userId, cardKey: questionCardKey(a.questionId), topicId: '330.1', correct: a.correct, source, at: a.answeredAt });
const watermark = (db: Db) => scalar(db, 'SELECT stepped_through FROM card_outbox');

describe('card steps of daily answers', () => {
  it('the group commit writes no card; the stepper then makes each card exactly as stepping inline would', async () => {
    const db = await freshDb('outbox-same');
    const p1 = await dayPost(db, 1);
    const inputs = [daily(p1, 1, 'wrong', false), daily(p1, 1, 'right', true)];
    expect((await recordDailyAnswers(db, inputs)).map((r) => r.status)).toEqual(['recorded', 'recorded']);
    expect(await getCard(db, 'g1', 'wrong', 'q:q1')).toBeUndefined();
    expect(await hasPendingCardSteps(db)).toBe(true);
    expect(await settleCardSteps(db)).toBe(2);
    expect(await hasPendingCardSteps(db)).toBe(false);
    expect(await settleCardSteps(db)).toBe(0);

    const reference = await freshDb('outbox-same-inline');
    for (const input of inputs) await inline(reference, input);
    for (const user of ['wrong', 'right']) {
      expect(await getCard(db, 'g1', user, 'q:q1')).toEqual(await getCard(reference, 'g1', user, 'q:q1'));
    }
    expect(await getCard(db, 'g1', 'wrong', 'q:q1')).toMatchObject({ reps: 1, state: 'learning' });
  });

  it("one member's card takes its steps in answer order, a practice answer in between included", async () => {
    const db = await freshDb('outbox-order');
    const p1 = await dayPost(db, 1, 'qx');
    const p2 = await dayPost(db, 2, 'qx');
    const first = daily(p1, 1, 'u1', false, 'qx');
    const practice = { guildId: 'g1', userId: 'u1', questionId: 'qx', topicId: '330.1', answer: 'a', correct: true, answeredAt: T0 + DAY + 2 * HOUR };
    const second = daily(p2, 2, 'u1', true, 'qx');
    await recordDailyAnswers(db, [first]);
    await recordPracticeAnswer(db, practice); // steps inline, after the pending daily step
    await recordDailyAnswers(db, [second]);
    await settleCardSteps(db);

    const reference = await freshDb('outbox-order-inline');
    await inline(reference, first);
    await inline(reference, practice, 'practice');
    await inline(reference, second);
    expect(await getCard(db, 'g1', 'u1', 'q:qx')).toEqual(await getCard(reference, 'g1', 'u1', 'q:qx'));
    expect((await getCard(db, 'g1', 'u1', 'q:qx'))!.reps).toBe(3);
  });

  it('a crash between the group commit and the stepper: the next start applies the pending steps exactly once', async () => {
    const temp = await freshTemp('outbox-crash');
    const before = temp.db;
    const p1 = await dayPost(before, 1);
    const queue = new DailyAnswerQueue(before);
    const results = await Promise.all([queue.record(daily(p1, 1, 'a', false)), queue.record(daily(p1, 1, 'b', true))]);
    expect(results.map((r) => r.status)).toEqual(['recorded', 'recorded']);
    await before.close(); // acknowledged, then gone before the stepper's turn
    expect(queue.stats.cardSteps).toBe(0);

    const after = await temp.open();
    expect(await getCard(after, 'g1', 'a', 'q:q1')).toBeUndefined();
    const restarted = new DailyAnswerQueue(after);
    await restarted.cardStepsIdle();
    expect(restarted.stats.cardSteps).toBe(2);
    expect(await getCard(after, 'g1', 'a', 'q:q1')).toMatchObject({ reps: 1 });
    expect(await getCard(after, 'g1', 'b', 'q:q1')).toMatchObject({ reps: 1 });
    const again = new DailyAnswerQueue(after);
    await again.cardStepsIdle();
    expect(again.stats.cardSteps + await settleCardSteps(after)).toBe(0);
    expect((await getCard(after, 'g1', 'a', 'q:q1'))!.reps).toBe(1);
  });

  it('batches are bounded and each moves the watermark; practice answers only move it', async () => {
    const db = await freshDb('outbox-batches');
    const p1 = await dayPost(db, 1);
    const start = await watermark(db);
    await recordPracticeAnswer(db, { guildId: 'g1', userId: 'c', questionId: 'qp', topicId: '330.1', answer: 'a', correct: true, answeredAt: T0 + DAY + HOUR });
    await recordDailyAnswers(db, [daily(p1, 1, 'a', true), daily(p1, 1, 'b', true)]);
    expect(await stepCardBatch(db, 1)).toBe(0); // the practice row stepped its card inline: passed over
    expect(await watermark(db)).toBe(start + 1);
    expect((await getCard(db, 'g1', 'c', 'q:qp'))!.reps).toBe(1);
    expect(await stepCardBatch(db, 1)).toBe(1);
    expect(await watermark(db)).toBe(start + 2);
    expect(await getCard(db, 'g1', 'a', 'q:q1')).toBeDefined();
    expect(await getCard(db, 'g1', 'b', 'q:q1')).toBeUndefined();
    expect(await stepCardBatch(db, 5)).toBe(1);
    expect(await watermark(db)).toBe(start + 3);
    expect(await stepCardBatch(db, 5)).toBe(0);
  });

  it('an answer that reuses the id of a deleted newest answer (/forget-me) is still stepped', async () => {
    const db = await freshDb('outbox-reuse');
    const p1 = await dayPost(db, 1);
    const p2 = await dayPost(db, 2);
    await recordDailyAnswers(db, [daily(p1, 1, 'stays', true)]);
    const gone = (await recordDailyAnswers(db, [daily(p1, 1, 'leaves', true)]))[0]!;
    await settleCardSteps(db);
    await forgetMember(db, 'g1', 'leaves');
    const late = (await recordDailyAnswers(db, [daily(p2, 2, 'late', false)]))[0]!;
    if (late.status !== 'recorded' || gone.status !== 'recorded') throw new Error('not recorded');
    // SQLite: answers.id is a plain rowid, the deleted newest id comes back (migration 0012's trigger keeps it
    // above the watermark). PostgreSQL: an identity column never hands an id out twice.
    if (db.dialect === 'sqlite') expect(late.answerId).toBe(gone.answerId);
    else expect(late.answerId).toBeGreaterThan(gone.answerId);
    await settleCardSteps(db);
    expect(await getCard(db, 'g1', 'late', 'q:q2')).toMatchObject({ reps: 1 });
  });

  // Built from raw SQLite migrations: opened as SQLite in both passes.
  it('an upgraded database starts at its newest answer: history is not replayed', async () => {
    const path = join(tempDir('progress-'), 'outbox-upgrade.sqlite');
    const raw = new Database(path);
    migrateSqlite(raw, { targetVersion: 11 });
    const insert = raw.prepare(
      `INSERT INTO answers (guild_id, user_id, kind, post_id, question_id, topic_id, answer, correct, points, local_date, answered_at)
       VALUES ('g1', ?, 1, NULL, 'q1', '330.1', '"a"', 1, 2, '2024-03-01', 0)`,
    );
    for (const user of ['a', 'b', 'c']) insert.run(user);
    migrateSqlite(raw);
    expect(raw.prepare('SELECT stepped_through FROM card_outbox').pluck().get()).toBe(3);
    raw.close();
    const db = openSqlite(path);
    expect(await hasPendingCardSteps(db)).toBe(false);
    await db.close();
  });
});
