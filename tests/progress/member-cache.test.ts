import { describe, expect, it } from 'vitest';
import { boardMismatches, getLeaderboard, recordDailyAnswers, recordPracticeAnswer, totalsMismatches } from '../../src/progress/index.ts';
import { guildBoards, PROGRESS_CHANNEL } from '../../src/progress/member-cache.ts';
import type { Db } from '../../src/storage/index.ts';
import { addPost, freshDb, freshTemp, scalar } from './fixture.ts';

const AT = Date.UTC(2024, 4, 15, 15);

async function practice(db: Db, userId: string, correct = true): Promise<void> {
  await recordPracticeAnswer(db, { guildId: 'g1', userId, questionId: 'q', topicId: '330.1', answer: ['a'], correct, answeredAt: AT, timezone: 'UTC' });
}

/** Polls `read` until it returns `expected` (another instance's notification is asynchronous), then asserts it. */
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = await read();
  }
  expect(last).toEqual(expected);
}

const topIds = async (db: Db) => (await getLeaderboard(db, 'g1', { metric: 'points', period: 'all', now: AT, limit: 25 })).entries.map((e) => [e.userId, e.value]);

describe('member rows and boards in memory', () => {
  it('reorder accuracy ties when answers change but the accuracy does not', async () => {
    const db = await freshDb('boards-ties');
    {
      const accuracy = async () => (await getLeaderboard(db, 'g1', { metric: 'accuracy', period: 'all', now: AT })).entries.map((e) => [e.userId, e.answered]);
      for (let i = 0; i < 5; i++) await practice(db, 'b');
      for (let i = 0; i < 6; i++) await practice(db, 'a');
      expect(await accuracy()).toEqual([
        ['a', 6],
        ['b', 5],
      ]);
      await practice(db, 'b');
      await practice(db, 'b'); // still 100 %, now with more answers than a
      expect(await accuracy()).toEqual([
        ['b', 7],
        ['a', 6],
      ]);
    }
  });

  // Two handles on one database, like two bot instances: SQLite sees the other's commits through PRAGMA
  // data_version, PostgreSQL through the progress_changed notification the other's transaction sends on commit.
  it("follow another instance's commits instead of serving a stale ranking", async () => {
    const temp = await freshTemp('boards-shared');
    const bot = temp.db;
    const other = await temp.open();
    {
      await practice(bot, 'a');
      expect(await topIds(bot)).toEqual([['a', 2]]);
      await practice(other, 'b');
      await practice(other, 'b');
      await eventually(() => topIds(bot), [
        ['b', 4],
        ['a', 2],
      ]);
      expect(await boardMismatches(bot, 'g1')).toEqual([]);
      // The bot's next write must start from the row the other connection left, not from its cached copy.
      await practice(other, 'a');
      await practice(bot, 'a');
      const row = await bot.get(`SELECT answered, points FROM member_progress WHERE user_id = 'a'`);
      expect(row).toEqual({ answered: 3, points: 6 });
      expect(await totalsMismatches(bot, 'g1')).toBe(0);
      await eventually(() => topIds(other), [
        ['a', 6],
        ['b', 4],
      ]);
    }
  });

  it("'*' on the channel (the LISTEN connection dropped, changes may have been missed) drops every server", async () => {
    const db = await freshDb('boards-star');
    await practice(db, 'a');
    expect(await topIds(db)).toEqual([['a', 2]]);
    // A change nobody announced, as if its notification had been lost with the connection.
    await db.run(`UPDATE member_progress SET points = 50 WHERE user_id = 'a'`);
    expect(await topIds(db)).toEqual([['a', 2]]);
    await db.notify(PROGRESS_CHANNEL, '*');
    await eventually(() => topIds(db), [['a', 50]]);
  });

  it('a leaderboard read inside a caller\'s transaction that then rolls back leaves nothing behind', async () => {
    const db = await freshDb('boards-inside');
    {
      await practice(db, 'a');
      expect(await topIds(db)).toEqual([['a', 2]]); // cached
      await expect(
        db.transaction(async () => {
          await practice(db, 'b');
          expect(await topIds(db)).toEqual([
            ['a', 2],
            ['b', 2],
          ]); // the caller sees its own uncommitted answer…
          throw new Error('the caller gives up');
        }),
      ).rejects.toThrow('the caller gives up');
      expect(await topIds(db)).toEqual([['a', 2]]); // …and nobody else ever does
      await practice(db, 'b'); // b's first answer that counts: a new row, not an update of a row that was rolled back
      expect(await scalar(db, `SELECT answered FROM member_progress WHERE user_id = 'b'`)).toBe(1);
      expect(await boardMismatches(db, 'g1')).toEqual([]);
    }
  });

  it('keep only the current week\'s and month\'s boards: a new period retires the last one', async () => {
    const db = await freshDb('boards-periods');
    {
      await practice(db, 'a');
      const boardsAt = async (now: number) => {
        for (const metric of ['points', 'accuracy'] as const) {
          for (const period of ['week', 'month', 'all'] as const) await getLeaderboard(db, 'g1', { metric, period, now, timezone: 'UTC' });
        }
        return (await guildBoards(db, 'g1'))
          .built()
          .map((b) => `${b.metric}:${b.periodKey}`)
          .sort();
      };
      expect(await boardsAt(AT)).toEqual(['accuracy:2024-05', 'accuracy:2024-W20', 'accuracy:all', 'points:2024-05', 'points:2024-W20', 'points:all']);
      const nextMonth = AT + 20 * 86_400_000; // 2024-06-04, ISO week 23
      expect(await boardsAt(nextMonth)).toEqual(['accuracy:2024-06', 'accuracy:2024-W23', 'accuracy:all', 'points:2024-06', 'points:2024-W23', 'points:all']);
    }
  });

  it('a group writing one member twice builds on its own first write, not on the cached row', async () => {
    const db = await freshDb('boards-group');
    {
      await practice(db, 'a');
      expect(await topIds(db)).toEqual([['a', 2]]); // rows cached
      const far = AT + 30 * 86_400_000;
      const posts = [await addPost(db, { seq: 1, localDate: '2024-05-11', claimedAt: AT, windowClosesAt: far }), await addPost(db, { seq: 2, localDate: '2024-05-12', claimedAt: AT, windowClosesAt: far })];
      const answer = (postId: number) => ({ guildId: 'g1', userId: 'a', postId, questionId: 'q', topicId: '330.2', answer: ['x'], correct: true, answeredAt: AT });
      const [first, second] = await recordDailyAnswers(db, posts.map(answer));
      expect(first).toMatchObject({ status: 'recorded', totals: { answered: 2, points: 12 } });
      expect(second).toMatchObject({ status: 'recorded', totals: { answered: 3, points: 22 }, streak: { current: 2 } });
      expect(await topIds(db)).toEqual([['a', 22]]);
      expect(await totalsMismatches(db, 'g1')).toBe(0);
      expect(await boardMismatches(db, 'g1')).toEqual([]);
    }
  });

  it('never show an answer whose surrounding transaction rolled back', async () => {
    const db = await freshDb('boards-rollback');
    {
      await practice(db, 'a');
      expect(await topIds(db)).toEqual([['a', 2]]);
      await expect(
        db.transaction(async () => {
          await practice(db, 'b');
          await practice(db, 'b');
          throw new Error('the caller gives up');
        }),
      ).rejects.toThrow('the caller gives up');
      expect(await topIds(db)).toEqual([['a', 2]]);
      await db.transaction(() => practice(db, 'c'));
      expect(await topIds(db)).toEqual([
        ['a', 2],
        ['c', 2],
      ]);
      expect(await boardMismatches(db, 'g1')).toEqual([]);
    }
  });
});
