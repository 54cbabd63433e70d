import { describe, expect, it } from 'vitest';
import {
  closeDailyWindow,
  DAILY_CORRECT_POINTS,
  getStreak,
  boardMismatches,
  PRACTICE_CORRECT_POINTS,
  recordDailyAnswer,
  recordDailyAnswers,
  recordPracticeAnswer,
  totalsMismatches,
  UnknownPostError,
  type DailyAnswerInput,
} from '../../src/progress/index.ts';
import type { Db } from '../../src/storage/index.ts';
import { addPost, DAY, freshDb, HOUR, reveal, scalar } from './fixture.ts';

const T0 = Date.UTC(2024, 2, 1, 12); // 2024-03-01 12:00 UTC

function dateOf(n: number): string {
  return new Date(T0 + n * DAY).toISOString().slice(0, 10);
}

/** Post number n (seq n) at T0 + n days, window 8 h. */
async function post(db: Db, n: number, extra: { status?: 'sent' | 'failed' | 'claimed'; guildId?: string } = {}): Promise<number> {
  return await addPost(db, { seq: n, localDate: dateOf(n), claimedAt: T0 + n * DAY, windowClosesAt: T0 + n * DAY + 8 * HOUR, ...extra });
}

function answer(postId: number, n: number, userId = 'u1', correct = true, guildId = 'g1'): DailyAnswerInput {
  return { guildId, userId, postId, questionId: `q${n}`, topicId: '330.1', answer: ['a'], correct, answeredAt: T0 + n * DAY + HOUR };
}

describe('recordDailyAnswer', () => {
  it('records once; a second click changes nothing', async () => {
    const db = await freshDb('once');
    const p1 = await post(db, 1);
    const first = await recordDailyAnswer(db, answer(p1, 1));
    expect(first).toMatchObject({ status: 'recorded', correct: true, pointsAwarded: DAILY_CORRECT_POINTS, freezeEarned: false });
    if (first.status !== 'recorded') throw new Error('unreachable');
    expect(first.streak).toMatchObject({ current: 1, best: 1, freezes: 0 });
    expect(first.totals).toEqual({ points: 10, answered: 1, correct: 1 });

    const snapshot = async () => await db.all('SELECT * FROM member_progress');
    const before = await snapshot();
    const second = await recordDailyAnswer(db, { ...answer(p1, 1), answer: ['b'], correct: false, answeredAt: T0 + DAY + 2 * HOUR });
    expect(second).toMatchObject({ status: 'already-answered', answerId: first.answerId, correct: true, answer: ['a'] });
    expect(await snapshot()).toEqual(before);
    expect(await scalar(db, 'SELECT count(*) FROM answers')).toBe(1);
  });

  it('refuses answers after the window closes (time, reveal) and says so', async () => {
    const db = await freshDb('closed');
    const p1 = await post(db, 1);
    const late = await recordDailyAnswer(db, { ...answer(p1, 1), answeredAt: T0 + DAY + 8 * HOUR });
    expect(late.status).toBe('window-closed');
    const p2 = await post(db, 2);
    await reveal(db, p2, T0 + 2 * DAY + 2 * HOUR, closeDailyWindow);
    expect((await recordDailyAnswer(db, answer(p2, 2))).status).toBe('window-closed');
    expect(await scalar(db, 'SELECT count(*) FROM answers')).toBe(0);
    // Someone who answered in time and clicks again after the reveal is told they already answered.
    const p3 = await post(db, 3);
    await recordDailyAnswer(db, answer(p3, 3, 'u2'));
    await reveal(db, p3, T0 + 3 * DAY + 9 * HOUR, closeDailyWindow);
    expect((await recordDailyAnswer(db, { ...answer(p3, 3, 'u2'), answeredAt: T0 + 3 * DAY + 10 * HOUR })).status).toBe('already-answered');
  });

  it('throws on a post of another server or no post at all', async () => {
    const db = await freshDb('unknown');
    const p1 = await post(db, 1, { guildId: 'other' });
    await expect(recordDailyAnswer(db, answer(p1, 1))).rejects.toThrow(UnknownPostError);
    await expect(recordDailyAnswer(db, answer(999, 1))).rejects.toThrow(UnknownPostError);
  });

  it('counts consecutive scheduled days, right or wrong; a missed day resets (true now, even before settling)', async () => {
    const db = await freshDb('streak');
    for (let n = 1; n <= 3; n++) {
      const id = await post(db, n);
      const result = await recordDailyAnswer(db, answer(id, n, 'u1', n !== 2));
      expect(result.status === 'recorded' && result.streak.current).toBe(n);
      await reveal(db, id, T0 + n * DAY + 8 * HOUR, closeDailyWindow);
    }
    const p4 = await post(db, 4);
    expect(await getStreak(db, 'g1', 'u1', T0 + 4 * DAY + HOUR)).toMatchObject({ current: 3, best: 3, todayPending: true });
    // Window closed, nobody settled it yet (bot down): the read already shows the loss.
    expect(await getStreak(db, 'g1', 'u1', T0 + 4 * DAY + 9 * HOUR)).toMatchObject({ current: 0, best: 3, todayPending: false });
    const settled = await closeDailyWindow(db, 'g1', 4, T0 + 4 * DAY + 9 * HOUR);
    expect(settled).toMatchObject({ membersUpdated: 1, streaksBroken: 1, freezesSpent: 0 });
    expect(await getStreak(db, 'g1', 'u1', T0 + 5 * DAY)).toMatchObject({ current: 0, best: 3 });
    // Idempotent.
    expect(await closeDailyWindow(db, 'g1', 4, T0 + 5 * DAY)).toMatchObject({ membersUpdated: 0 });
    expect(await closeDailyWindow(db, 'g1', 3, T0 + 5 * DAY)).toMatchObject({ membersUpdated: 0 });
    const p5 = await post(db, 5);
    const again = await recordDailyAnswer(db, answer(p5, 5));
    expect(again.status === 'recorded' && again.streak).toMatchObject({ current: 1, best: 3 });
    void p4;
  });

  it('days without a post and posts that never went out neither count nor break', async () => {
    const db = await freshDb('skips');
    const p1 = await post(db, 1);
    await recordDailyAnswer(db, answer(p1, 1));
    await reveal(db, p1, T0 + DAY + 8 * HOUR, closeDailyWindow);
    // Days 2-4: no post (paused). Day 5: the post (seq 2) failed to send. Day 6: seq 3, answered.
    await addPost(db, { seq: 2, localDate: dateOf(5), status: 'failed', claimedAt: T0 + 5 * DAY, windowClosesAt: T0 + 5 * DAY + 8 * HOUR });
    expect(await closeDailyWindow(db, 'g1', 2, T0 + 5 * DAY + 9 * HOUR)).toMatchObject({ streaksBroken: 0, freezesSpent: 0 });
    expect(await getStreak(db, 'g1', 'u1', T0 + 6 * DAY)).toMatchObject({ current: 1 });
    const p6 = await addPost(db, { seq: 3, localDate: dateOf(6), claimedAt: T0 + 6 * DAY, windowClosesAt: T0 + 6 * DAY + 8 * HOUR });
    const r = await recordDailyAnswer(db, answer(p6, 6));
    expect(r.status === 'recorded' && r.streak.current).toBe(2);
  });

  it('earns a freeze every 7 days (at most 2) and spends one on a missed day, keeping the number', async () => {
    const db = await freshDb('freezes');
    let seq = 0;
    const answerDay = async () => {
      seq++;
      const id = await post(db, seq);
      const r = await recordDailyAnswer(db, answer(id, seq));
      await reveal(db, id, T0 + seq * DAY + 8 * HOUR, closeDailyWindow);
      if (r.status !== 'recorded') throw new Error(r.status);
      return r;
    };
    const missDay = async () => {
      seq++;
      const id = await post(db, seq);
      await reveal(db, id, T0 + seq * DAY + 8 * HOUR, closeDailyWindow);
    };
    for (let i = 1; i <= 6; i++) expect((await answerDay()).freezeEarned).toBe(false);
    const seventh = await answerDay();
    expect(seventh.freezeEarned).toBe(true);
    expect(seventh.streak).toMatchObject({ current: 7, freezes: 1 });
    await missDay();
    expect(await getStreak(db, 'g1', 'u1', T0 + (seq + 1) * DAY)).toMatchObject({ current: 7, freezes: 0, freezesUsed: 1 });
    for (let i = 0; i < 6; i++) await answerDay();
    expect(await getStreak(db, 'g1', 'u1', T0 + (seq + 1) * DAY)).toMatchObject({ current: 13, freezes: 0 });
    expect((await answerDay()).streak).toMatchObject({ current: 14, freezes: 1 });
    for (let i = 0; i < 7; i++) await answerDay();
    for (let i = 0; i < 7; i++) await answerDay();
    expect(await getStreak(db, 'g1', 'u1', T0 + (seq + 1) * DAY)).toMatchObject({ current: 28, freezes: 2 }); // capped
    await missDay();
    await missDay();
    expect(await getStreak(db, 'g1', 'u1', T0 + (seq + 1) * DAY)).toMatchObject({ current: 28, freezes: 0, freezesUsed: 3 });
    await missDay();
    expect(await getStreak(db, 'g1', 'u1', T0 + (seq + 1) * DAY)).toMatchObject({ current: 0, best: 28, freezes: 0 });
  });

  it('a group of answers commits together and gives one result each', async () => {
    const db = await freshDb('batch');
    const p1 = await post(db, 1);
    expect(await boardMismatches(db, 'g1')).toEqual([]); // boards built now, so the writes below must patch them
    const results = await recordDailyAnswers(db, [answer(p1, 1, 'a'), answer(p1, 1, 'b', false), answer(p1, 1, 'a')]);
    expect(results.map((r) => r.status)).toEqual(['recorded', 'recorded', 'already-answered']);
    expect(await scalar(db, 'SELECT count(*) FROM answers')).toBe(2);
    expect(await boardMismatches(db, 'g1')).toEqual([]);
  });
});

describe('recordPracticeAnswer', () => {
  it('counts points and the local day in the server zone, never the streak', async () => {
    const db = await freshDb('practice');
    await db.run(`INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, updated_at) VALUES ('g1', 'c1', '09:00', 'America/New_York', 0)`);
    expect(await boardMismatches(db, 'g1')).toEqual([]); // boards built now, so the writes below must patch them
    // 2024-03-10 03:30 UTC is still 2024-03-09 in New York.
    const r = await recordPracticeAnswer(db, {
      guildId: 'g1',
      userId: 'u1',
      questionId: 'q',
      topicId: '330.2',
      answer: 'kvm',
      correct: true,
      answeredAt: Date.UTC(2024, 2, 10, 3, 30),
    });
    expect(r).toMatchObject({ status: 'recorded', pointsAwarded: PRACTICE_CORRECT_POINTS, localDate: '2024-03-09' });
    const explicit = await recordPracticeAnswer(db, {
      guildId: 'g1',
      userId: 'u1',
      questionId: 'q',
      topicId: '330.2',
      answer: ['x'],
      correct: false,
      answeredAt: Date.UTC(2024, 2, 10, 3, 30),
      timezone: 'Europe/Lisbon',
    });
    expect(explicit).toMatchObject({ localDate: '2024-03-10', pointsAwarded: 0, totals: { points: 2, answered: 2, correct: 1 } });
    expect(await getStreak(db, 'g1', 'u1', Date.UTC(2024, 2, 10))).toMatchObject({ current: 0, best: 0 });
    expect(await totalsMismatches(db, 'g1')).toBe(0);
    expect(await boardMismatches(db, 'g1')).toEqual([]);
  });
});
