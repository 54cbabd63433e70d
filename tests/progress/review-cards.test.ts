/** Answers step the member's review card (daily ones through the card stepper); review answers count once; who missed a post. */
import { describe, expect, it } from 'vitest';
import {
  dailyMissers,
  recordDailyAnswer,
  recordDailyAnswers,
  recordPracticeAnswer,
  recordReviewAnswer,
  settleCardSteps,
  type DailyAnswerInput,
} from '../../src/progress/index.ts';
import { getCard } from '../../src/review/index.ts';
import type { Db, SqlParam } from '../../src/storage/index.ts';
import { DAY, dateOf, dayPost, freshDb, HOUR, scalar, T0 } from './fixture.ts';

const answer = (postId: number, n: number, userId: string, correct: boolean): DailyAnswerInput => ({
  guildId: 'g1', userId, postId, questionId: `q${n}`, topicId: '330.1', answer: ['a'], correct, answeredAt: T0 + n * DAY + HOUR,
});
const count = (db: Db, sql: string, ...args: SqlParam[]) => scalar(db, sql, args);

describe('cards from answers', () => {
  it('daily answers step each card once the stepper ran: wrong → Again (learning, due in a minute), right → Good; a second click steps nothing', async () => {
    const db = await freshDb('cards-daily');
    const p1 = await dayPost(db, 1);
    const results = await recordDailyAnswers(db, [await answer(p1, 1, 'wrong', false), await answer(p1, 1, 'right', true)]);
    expect(results.map((r) => r.status)).toEqual(['recorded', 'recorded']);
    await settleCardSteps(db); // the card stepper's work, after the commit (card-steps.test.ts)
    const at = T0 + DAY + HOUR;
    expect(await getCard(db, 'g1', 'wrong', 'q:q1')).toMatchObject({ reps: 1, state: 'learning', due: at + 60_000, topicId: '330.1' });
    const right = (await getCard(db, 'g1', 'right', 'q:q1'))!;
    expect(right.reps).toBe(1);
    expect(right.due).toBeGreaterThan(at + 60_000); // Good on a new card: the 10-minute step
    expect((await recordDailyAnswer(db, await answer(p1, 1, 'right', false))).status).toBe('already-answered');
    await settleCardSteps(db);
    expect(await getCard(db, 'g1', 'right', 'q:q1')).toEqual(right);
    // Daily steps are not reviews: "reviewed today" counts /review only.
    expect(await count(db, 'SELECT count(*) FROM review_log')).toBe(0);
  });

  it('a practice answer makes the card too', async () => {
    const db = await freshDb('cards-practice');
    await recordPracticeAnswer(db, { guildId: 'g1', userId: 'u1', questionId: 'q9', topicId: '330.3', answer: 'virsh', correct: true, answeredAt: T0 });
    expect(await getCard(db, 'g1', 'u1', 'q:q9')).toMatchObject({ reps: 1, topicId: '330.3' });
  });

  it('a review answer counts once: stored like practice with a logged step, refused when the card moved on', async () => {
    const db = await freshDb('cards-review');
    const base = { guildId: 'g1', userId: 'u1', questionId: 'q9', topicId: '330.3', answer: 'virsh', correct: false, answeredAt: T0 };
    expect(await recordReviewAnswer(db, { ...base, expectedReps: 0 })).toEqual({ status: 'stale' }); // no card yet
    await recordPracticeAnswer(db, base);
    expect(await recordReviewAnswer(db, { ...base, answeredAt: T0 + HOUR, expectedReps: 1 })).toMatchObject({ status: 'recorded', pointsAwarded: 0 });
    expect(await recordReviewAnswer(db, { ...base, correct: true, answeredAt: T0 + HOUR, expectedReps: 1 })).toEqual({ status: 'stale' });
    expect((await getCard(db, 'g1', 'u1', 'q:q9'))!.reps).toBe(2);
    expect(await count(db, 'SELECT count(*) FROM answers WHERE kind = 1')).toBe(2);
    expect(await count(db, 'SELECT count(*) FROM review_log')).toBe(1);
    expect(await count(db, 'SELECT daily_answered FROM member_progress WHERE user_id = ?', 'u1')).toBe(0);
  });
});

describe('dailyMissers', () => {
  it('members who answered a daily post in the last 7 local days and not this one', async () => {
    const db = await freshDb('missers');
    const old = await dayPost(db, 1);
    const recent = await dayPost(db, 5);
    const today = await dayPost(db, 9);
    await recordDailyAnswer(db, await answer(old, 1, 'long-gone', true)); // 8 days before day 9
    await recordDailyAnswer(db, await answer(recent, 5, 'missed', true));
    await recordDailyAnswer(db, await answer(recent, 5, 'answered', true));
    await recordDailyAnswer(db, await answer(today, 9, 'answered', false));
    expect(await dailyMissers(db, 'g1', today, dateOf(9))).toEqual(['missed']);
  });
});
