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
import type { Db } from '../../src/storage/index.ts';
import { DAY, dateOf, dayPost, freshDb, HOUR, T0 } from './fixture.ts';

const answer = (postId: number, n: number, userId: string, correct: boolean): DailyAnswerInput => ({
  guildId: 'g1', userId, postId, questionId: `q${n}`, topicId: '330.1', answer: ['a'], correct, answeredAt: T0 + n * DAY + HOUR,
});
const count = (db: Db, sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number;

describe('cards from answers', () => {
  it('daily answers step each card once the stepper ran: wrong → Again (learning, due in a minute), right → Good; a second click steps nothing', () => {
    const db = freshDb('cards-daily');
    const p1 = dayPost(db, 1);
    const results = recordDailyAnswers(db, [answer(p1, 1, 'wrong', false), answer(p1, 1, 'right', true)]);
    expect(results.map((r) => r.status)).toEqual(['recorded', 'recorded']);
    settleCardSteps(db); // the card stepper's work, after the commit (card-steps.test.ts)
    const at = T0 + DAY + HOUR;
    expect(getCard(db, 'g1', 'wrong', 'q:q1')).toMatchObject({ reps: 1, state: 'learning', due: at + 60_000, topicId: '330.1' });
    const right = getCard(db, 'g1', 'right', 'q:q1')!;
    expect(right.reps).toBe(1);
    expect(right.due).toBeGreaterThan(at + 60_000); // Good on a new card: the 10-minute step
    expect(recordDailyAnswer(db, answer(p1, 1, 'right', false)).status).toBe('already-answered');
    settleCardSteps(db);
    expect(getCard(db, 'g1', 'right', 'q:q1')).toEqual(right);
    // Daily steps are not reviews: "reviewed today" counts /review only.
    expect(count(db, 'SELECT count(*) FROM review_log')).toBe(0);
  });

  it('a practice answer makes the card too', () => {
    const db = freshDb('cards-practice');
    recordPracticeAnswer(db, { guildId: 'g1', userId: 'u1', questionId: 'q9', topicId: '330.3', answer: 'virsh', correct: true, answeredAt: T0 });
    expect(getCard(db, 'g1', 'u1', 'q:q9')).toMatchObject({ reps: 1, topicId: '330.3' });
  });

  it('a review answer counts once: stored like practice with a logged step, refused when the card moved on', () => {
    const db = freshDb('cards-review');
    const base = { guildId: 'g1', userId: 'u1', questionId: 'q9', topicId: '330.3', answer: 'virsh', correct: false, answeredAt: T0 };
    expect(recordReviewAnswer(db, { ...base, expectedReps: 0 })).toEqual({ status: 'stale' }); // no card yet
    recordPracticeAnswer(db, base);
    expect(recordReviewAnswer(db, { ...base, answeredAt: T0 + HOUR, expectedReps: 1 })).toMatchObject({ status: 'recorded', pointsAwarded: 0 });
    expect(recordReviewAnswer(db, { ...base, correct: true, answeredAt: T0 + HOUR, expectedReps: 1 })).toEqual({ status: 'stale' });
    expect(getCard(db, 'g1', 'u1', 'q:q9')!.reps).toBe(2);
    expect(count(db, 'SELECT count(*) FROM answers WHERE kind = 1')).toBe(2);
    expect(count(db, 'SELECT count(*) FROM review_log')).toBe(1);
    expect(count(db, 'SELECT daily_answered FROM member_progress WHERE user_id = ?', 'u1')).toBe(0);
  });
});

describe('dailyMissers', () => {
  it('members who answered a daily post in the last 7 local days and not this one', () => {
    const db = freshDb('missers');
    const old = dayPost(db, 1);
    const recent = dayPost(db, 5);
    const today = dayPost(db, 9);
    recordDailyAnswer(db, answer(old, 1, 'long-gone', true)); // 8 days before day 9
    recordDailyAnswer(db, answer(recent, 5, 'missed', true));
    recordDailyAnswer(db, answer(recent, 5, 'answered', true));
    recordDailyAnswer(db, answer(today, 9, 'answered', false));
    expect(dailyMissers(db, 'g1', today, dateOf(9))).toEqual(['missed']);
  });
});
