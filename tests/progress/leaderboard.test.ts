import { describe, expect, it } from 'vitest';
import {
  closeDailyWindow,
  forgetMember,
  getLeaderboard,
  isoWeekKey,
  boardMismatches,
  markMemberLeft,
  markMemberPresent,
  recordDailyAnswer,
  recordPracticeAnswer,
  totalsMismatches,
  type LeaderboardMetric,
  type Period,
} from '../../src/progress/index.ts';
import type { Db } from '../../src/storage/index.ts';
import { addPost, DAY, freshDb, HOUR, scalar } from './fixture.ts';

const ZONE = 'America/New_York';

async function practice(db: Db, userId: string, correct: boolean, at: number, topicId = '330.1'): Promise<void> {
  await recordPracticeAnswer(db, { guildId: 'g1', userId, questionId: 'q', topicId, answer: ['a'], correct, answeredAt: at, timezone: ZONE });
}

const user = (i: number) => `u${String(i).padStart(2, '0')}`;

describe('getLeaderboard', () => {
  it('top 10 by points with shared ranks, plus the caller outside the top', async () => {
    const db = await freshDb('points');
    const at = Date.UTC(2024, 4, 15, 15);
    // u01 has 15 correct answers, u02 14, … u15 1; u03 and u04 tie.
    for (let i = 1; i <= 15; i++) for (let k = 0; k < 16 - i; k++) await practice(db, user(i), true, at);
    await practice(db, user(4), true, at);
    const board = await getLeaderboard(db, 'g1', { metric: 'points', period: 'all', userId: user(15), now: at, timezone: ZONE });
    expect(board.entries).toHaveLength(10);
    expect(board.entries.slice(0, 5).map((e) => [e.rank, e.userId, e.value])).toEqual([
      [1, 'u01', 30],
      [2, 'u02', 28],
      [3, 'u03', 26],
      [3, 'u04', 26],
      [5, 'u05', 22],
    ]);
    expect(board.me).toMatchObject({ rank: 15, userId: 'u15', value: 2, answered: 1 });
    expect(board.ranked).toBe(15);
    const inside = await getLeaderboard(db, 'g1', { metric: 'points', period: 'all', userId: user(4), now: at, timezone: ZONE });
    expect(inside.me).toMatchObject({ rank: 3, userId: 'u04' });
    const stranger = await getLeaderboard(db, 'g1', { metric: 'points', period: 'all', userId: 'nobody', now: at, timezone: ZONE });
    expect(stranger.me).toBeNull();
  });

  it('weeks are ISO weeks (Monday start) and months calendar months, in the server zone', async () => {
    const db = await freshDb('weeks');
    // Sunday 2024-03-31 23:30 in New York is Monday 03:30 UTC: still March and ISO week 13 there.
    const sundayNight = Date.UTC(2024, 3, 1, 3, 30);
    await practice(db, 'late', true, sundayNight);
    const monday = Date.UTC(2024, 3, 1, 16); // Monday 2024-04-01 noon in New York
    await practice(db, 'early', true, monday);
    const week = await getLeaderboard(db, 'g1', { metric: 'points', period: 'week', now: monday, timezone: ZONE });
    expect(week.periodKey).toBe('2024-W14');
    expect(week.entries.map((e) => e.userId)).toEqual(['early']);
    const lastWeek = await getLeaderboard(db, 'g1', { metric: 'points', period: 'week', now: sundayNight, timezone: ZONE });
    expect(lastWeek.periodKey).toBe('2024-W13');
    expect(lastWeek.entries.map((e) => e.userId)).toEqual(['late']);
    const month = await getLeaderboard(db, 'g1', { metric: 'points', period: 'month', now: monday, timezone: ZONE });
    expect(month.periodKey).toBe('2024-04');
    expect(month.entries.map((e) => e.userId)).toEqual(['early']);
    // The same instant in Lisbon is already Monday/April.
    const lisbon = await getLeaderboard(db, 'g1', { metric: 'points', period: 'month', now: sundayNight, timezone: 'Europe/Lisbon' });
    expect(lisbon.periodKey).toBe('2024-04');
    expect(isoWeekKey('2021-01-03')).toBe('2020-W53');
    expect(isoWeekKey('2024-12-30')).toBe('2025-W01');
  });

  it('accuracy lists only members with enough answers in the period', async () => {
    const db = await freshDb('accuracy');
    const at = Date.UTC(2024, 4, 15, 15);
    for (let k = 0; k < 4; k++) await practice(db, 'few', true, at); // 100 % but 4 answers
    for (let k = 0; k < 5; k++) await practice(db, 'five', k < 4, at); // 80 %
    for (let k = 0; k < 10; k++) await practice(db, 'ten', k < 8, at); // 80 %, more answers: listed first
    for (let k = 0; k < 6; k++) await practice(db, 'six', k < 5, at); // 83.3 %
    const board = await getLeaderboard(db, 'g1', { metric: 'accuracy', period: 'month', userId: 'few', now: at, timezone: ZONE });
    expect(board.entries.map((e) => [e.rank, e.userId, e.value])).toEqual([
      [1, 'six', 0.833],
      [2, 'ten', 0.8],
      [2, 'five', 0.8],
    ]);
    expect(board.me).toBeNull();
    expect(board.minAnswers).toBe(5);
    await practice(db, 'few', false, at);
    const after = await getLeaderboard(db, 'g1', { metric: 'accuracy', period: 'month', userId: 'few', now: at, timezone: ZONE });
    expect(after.me).toMatchObject({ rank: 2, value: 0.8, answered: 5 });
  });

  it('members who left, or whom the caller knows left, are neither listed nor counted', async () => {
    const db = await freshDb('left');
    const at = Date.UTC(2024, 4, 15, 15);
    for (let i = 1; i <= 12; i++) for (let k = 0; k < 13 - i; k++) await practice(db, user(i), true, at);
    expect(await markMemberLeft(db, 'g1', user(1), at)).toBe(true);
    expect(await markMemberLeft(db, 'g1', user(1), at)).toBe(false);
    expect(await markMemberLeft(db, 'g1', 'never-answered', at)).toBe(false);
    const board = await getLeaderboard(db, 'g1', {
      metric: 'points',
      period: 'week',
      userId: user(12),
      now: at,
      timezone: ZONE,
      excludeUserIds: [user(2), 'unknown'],
    });
    expect(board.entries[0]).toMatchObject({ rank: 1, userId: 'u03' });
    expect(board.entries.map((e) => e.userId)).not.toContain('u01');
    expect(board.entries).toHaveLength(10);
    expect(board.me).toMatchObject({ rank: 10, userId: 'u12' });
    expect(board.ranked).toBe(10);
    expect((await getLeaderboard(db, 'g1', { metric: 'points', period: 'all', userId: user(2), excludeUserIds: [user(2)], now: at })).me).toBeNull();
    expect(await boardMismatches(db, 'g1')).toEqual([]);

    expect(await markMemberPresent(db, 'g1', user(1))).toBe(true);
    expect((await getLeaderboard(db, 'g1', { metric: 'points', period: 'all', now: at })).entries[0]!.userId).toBe('u01');
    await markMemberLeft(db, 'g1', user(1), at);
    await practice(db, user(1), false, at); // answering again means they are back
    expect((await getLeaderboard(db, 'g1', { metric: 'points', period: 'all', now: at })).entries[0]!.userId).toBe('u01');
    expect(await boardMismatches(db, 'g1')).toEqual([]);
  });

  it('forgetMember deletes everything about the member and reports counts', async () => {
    const db = await freshDb('forget');
    const at = Date.UTC(2024, 4, 15, 15);
    const post = await addPost(db, { seq: 1, localDate: '2024-05-15', claimedAt: at - HOUR, windowClosesAt: at + HOUR });
    await recordDailyAnswer(db, { guildId: 'g1', userId: 'gone', postId: post, questionId: 'q', topicId: '330.3', answer: ['a'], correct: true, answeredAt: at });
    await practice(db, 'gone', true, at, '330.4');
    await practice(db, 'stays', true, at);
    await getLeaderboard(db, 'g1', { metric: 'points', period: 'all', now: at }); // boards in memory before the delete
    expect(await forgetMember(db, 'g1', 'gone')).toEqual({ answers: 2, progress: 1 });
    expect(await forgetMember(db, 'g1', 'gone')).toEqual({ answers: 0, progress: 0 });
    const board = await getLeaderboard(db, 'g1', { metric: 'points', period: 'all', userId: 'gone', now: at });
    expect(board.entries.map((e) => e.userId)).toEqual(['stays']);
    expect(board.me).toBeNull();
    expect(await boardMismatches(db, 'g1')).toEqual([]);
    expect(await scalar(db, `SELECT count(*) FROM answers WHERE user_id = 'gone'`)).toBe(0);
  });

  it('the streak board is true now: a window that closed unsettled ends streaks before ranking', async () => {
    const db = await freshDb('streak-board');
    const t = (day: number, hour: number) => Date.UTC(2024, 5, day, hour);
    for (let day = 1; day <= 3; day++) {
      const id = await addPost(db, { seq: day, localDate: `2024-06-0${day}`, claimedAt: t(day, 12), windowClosesAt: t(day, 20) });
      for (const u of ['a', 'b', 'c']) {
        if (u === 'c' && day < 3) continue;
        await recordDailyAnswer(db, { guildId: 'g1', userId: u, postId: id, questionId: 'q', topicId: '330.1', answer: ['x'], correct: true, answeredAt: t(day, 13) });
      }
      if (day < 3) await closeDailyWindow(db, 'g1', day, t(day, 21));
    }
    const id4 = await addPost(db, { seq: 4, localDate: '2024-06-04', claimedAt: t(4, 12), windowClosesAt: t(4, 20) });
    await recordDailyAnswer(db, { guildId: 'g1', userId: 'b', postId: id4, questionId: 'q', topicId: '330.1', answer: ['x'], correct: false, answeredAt: t(4, 13) });
    const during = await getLeaderboard(db, 'g1', { metric: 'streak', period: 'all', userId: 'c', now: t(4, 14) });
    expect(during.entries.map((e) => [e.rank, e.userId, e.value])).toEqual([
      [1, 'b', 4],
      [2, 'a', 3],
      [3, 'c', 1],
    ]);
    // Post 3 and 4 closed, nobody called closeDailyWindow: a and c missed day 4.
    const after = await getLeaderboard(db, 'g1', { metric: 'streak', period: 'week', userId: 'c', now: t(5, 9) });
    expect(after.entries.map((e) => [e.rank, e.userId, e.value])).toEqual([[1, 'b', 4]]);
    expect(after.me).toBeNull();
    expect(after.ranked).toBe(1);
    expect(await boardMismatches(db, 'g1')).toEqual([]);
  });
});

/** Small deterministic PRNG. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('leaderboards against a brute-force recount', () => {
  it('agree for every metric, period and caller over random activity', async () => {
    const db = await freshDb('brute');
    const random = prng(304);
    const start = Date.UTC(2024, 2, 20, 12); // spans the US DST change and a month end
    const members = Array.from({ length: 40 }, (_, i) => user(i));
    const activity = Array.from({ length: 1500 }, () => ({
      userId: members[Math.floor(random() ** 2 * members.length)]!,
      correct: random() < 0.6,
      at: start + Math.floor(random() * 20 * DAY),
    })).sort((a, b) => a.at - b.at);
    const left = new Set(members.filter(() => random() < 0.1));
    let fullBoards = 0;
    let recorded = 0;
    expect(await boardMismatches(db, 'g1')).toEqual([]); // boards built before any answer: every check below sees them patched
    // Time moves forward as on a live server: answers up to each check, then every board as of that moment.
    for (const now of [start + 3 * DAY, start + 12 * DAY, start + 20 * DAY]) {
      for (; recorded < activity.length && activity[recorded]!.at <= now; recorded++) {
        const { userId, correct, at } = activity[recorded]!;
        if (left.has(userId) && now > start + 3 * DAY) continue; // gone after the first check
        await practice(db, userId, correct, at);
      }
      if (now === start + 3 * DAY) for (const u of left) await markMemberLeft(db, 'g1', u, now);
      expect(await totalsMismatches(db, 'g1')).toBe(0);
      expect(await boardMismatches(db, 'g1')).toEqual([]);
      const rows = await db.all(`SELECT user_id, local_date, correct, points FROM answers`) as {
        user_id: string;
        local_date: string;
        correct: number;
        points: number;
      }[];
      for (const period of ['week', 'month', 'all'] as Period[]) {
        for (const metric of ['points', 'accuracy'] as LeaderboardMetric[]) {
          const exclude = members.filter(() => random() < 0.1);
          const board0 = await getLeaderboard(db, 'g1', { metric, period, now, timezone: ZONE, excludeUserIds: exclude });
          const totals = new Map<string, { points: number; answered: number; correct: number }>();
          for (const r of rows) {
            if (left.has(r.user_id) || exclude.includes(r.user_id)) continue;
            const key = period === 'all' ? 'all' : period === 'week' ? isoWeekKey(r.local_date) : r.local_date.slice(0, 7);
            if (key !== board0.periodKey) continue;
            const t = totals.get(r.user_id) ?? { points: 0, answered: 0, correct: 0 };
            t.points += r.points;
            t.answered += 1;
            t.correct += r.correct;
            totals.set(r.user_id, t);
          }
          const scored = [...totals.entries()]
            .filter(([, t]) => metric === 'points' || t.answered >= 5)
            .map(([userId, t]) => ({
              userId,
              answered: t.answered,
              score: metric === 'points' ? t.points : Math.round((t.correct / t.answered) * 1000 + 1e-9),
            }))
            .sort((a, b) => b.score - a.score || (metric === 'accuracy' ? b.answered - a.answered : 0) || (a.userId < b.userId ? -1 : 1));
          const rankOf = (score: number) => 1 + scored.filter((s) => s.score > score).length;
          expect(board0.ranked).toBe(scored.length);
          if (board0.entries.length === 10 && scored.length > 10) fullBoards++;
          expect(board0.entries.map((e) => [e.rank, e.userId])).toEqual(scored.slice(0, 10).map((s) => [rankOf(s.score), s.userId]));
          for (const caller of members) {
            const board = await getLeaderboard(db, 'g1', { metric, period, now, timezone: ZONE, excludeUserIds: exclude, userId: caller });
            const mine = scored.find((s) => s.userId === caller);
            if (!mine) expect(board.me).toBeNull();
            else expect(board.me).toMatchObject({ userId: caller, rank: rankOf(mine.score) });
          }
        }
      }
    }
    expect(fullBoards).toBeGreaterThanOrEqual(10);
  });
});
