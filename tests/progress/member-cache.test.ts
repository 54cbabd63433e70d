import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boardMismatches, getLeaderboard, recordDailyAnswers, recordPracticeAnswer, totalsMismatches } from '../../src/progress/index.ts';
import { guildBoards } from '../../src/progress/member-cache.ts';
import { openDatabase, type Db } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';
import { addPost } from './fixture.ts';

const AT = Date.UTC(2024, 4, 15, 15);

function practice(db: Db, userId: string, correct = true): void {
  recordPracticeAnswer(db, { guildId: 'g1', userId, questionId: 'q', topicId: '330.1', answer: ['a'], correct, answeredAt: AT, timezone: 'UTC' });
}

const topIds = (db: Db) => getLeaderboard(db, 'g1', { metric: 'points', period: 'all', now: AT, limit: 25 }).entries.map((e) => [e.userId, e.value]);

describe('member rows and boards in memory', () => {
  it('reorder accuracy ties when answers change but the accuracy does not', () => {
    const db = openDatabase(join(tempDir('boards-'), 'ties.sqlite'));
    try {
      const accuracy = () => getLeaderboard(db, 'g1', { metric: 'accuracy', period: 'all', now: AT }).entries.map((e) => [e.userId, e.answered]);
      for (let i = 0; i < 5; i++) practice(db, 'b');
      for (let i = 0; i < 6; i++) practice(db, 'a');
      expect(accuracy()).toEqual([
        ['a', 6],
        ['b', 5],
      ]);
      practice(db, 'b');
      practice(db, 'b'); // still 100 %, now with more answers than a
      expect(accuracy()).toEqual([
        ['b', 7],
        ['a', 6],
      ]);
    } finally {
      db.close();
    }
  });

  it("follow another connection's commits (PRAGMA data_version) instead of serving a stale ranking", () => {
    const path = join(tempDir('boards-'), 'shared.sqlite');
    const bot = openDatabase(path);
    const other = openDatabase(path);
    try {
      practice(bot, 'a');
      expect(topIds(bot)).toEqual([['a', 2]]);
      practice(other, 'b');
      practice(other, 'b');
      expect(topIds(bot)).toEqual([
        ['b', 4],
        ['a', 2],
      ]);
      expect(boardMismatches(bot, 'g1')).toEqual([]);
      // The bot's next write must start from the row the other connection left, not from its cached copy.
      practice(other, 'a');
      practice(bot, 'a');
      const row = bot.prepare(`SELECT answered, points FROM member_progress WHERE user_id = 'a'`).get();
      expect(row).toEqual({ answered: 3, points: 6 });
      expect(totalsMismatches(bot, 'g1')).toBe(0);
    } finally {
      other.close();
      bot.close();
    }
  });

  it('a leaderboard read inside a caller\'s transaction that then rolls back leaves nothing behind', () => {
    const db = openDatabase(join(tempDir('boards-'), 'inside.sqlite'));
    try {
      practice(db, 'a');
      expect(topIds(db)).toEqual([['a', 2]]); // cached
      expect(() =>
        db.transaction(() => {
          practice(db, 'b');
          expect(topIds(db)).toEqual([
            ['a', 2],
            ['b', 2],
          ]); // the caller sees its own uncommitted answer…
          throw new Error('the caller gives up');
        })(),
      ).toThrow('the caller gives up');
      expect(topIds(db)).toEqual([['a', 2]]); // …and nobody else ever does
      practice(db, 'b'); // b's first answer that counts: a new row, not an update of a row that was rolled back
      expect(db.prepare(`SELECT answered FROM member_progress WHERE user_id = 'b'`).pluck().get()).toBe(1);
      expect(boardMismatches(db, 'g1')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('keep only the current week\'s and month\'s boards: a new period retires the last one', () => {
    const db = openDatabase(join(tempDir('boards-'), 'periods.sqlite'));
    try {
      practice(db, 'a');
      const boardsAt = (now: number) => {
        for (const metric of ['points', 'accuracy'] as const) {
          for (const period of ['week', 'month', 'all'] as const) getLeaderboard(db, 'g1', { metric, period, now, timezone: 'UTC' });
        }
        return guildBoards(db, 'g1')
          .built()
          .map((b) => `${b.metric}:${b.periodKey}`)
          .sort();
      };
      expect(boardsAt(AT)).toEqual(['accuracy:2024-05', 'accuracy:2024-W20', 'accuracy:all', 'points:2024-05', 'points:2024-W20', 'points:all']);
      const nextMonth = AT + 20 * 86_400_000; // 2024-06-04, ISO week 23
      expect(boardsAt(nextMonth)).toEqual(['accuracy:2024-06', 'accuracy:2024-W23', 'accuracy:all', 'points:2024-06', 'points:2024-W23', 'points:all']);
    } finally {
      db.close();
    }
  });

  it('a group writing one member twice builds on its own first write, not on the cached row', () => {
    const db = openDatabase(join(tempDir('boards-'), 'group.sqlite'));
    try {
      practice(db, 'a');
      expect(topIds(db)).toEqual([['a', 2]]); // rows cached
      const far = AT + 30 * 86_400_000;
      const posts = [1, 2].map((seq) => addPost(db, { seq, localDate: `2024-05-1${seq}`, claimedAt: AT, windowClosesAt: far }));
      const answer = (postId: number) => ({ guildId: 'g1', userId: 'a', postId, questionId: 'q', topicId: '330.2', answer: ['x'], correct: true, answeredAt: AT });
      const [first, second] = recordDailyAnswers(db, posts.map(answer));
      expect(first).toMatchObject({ status: 'recorded', totals: { answered: 2, points: 12 } });
      expect(second).toMatchObject({ status: 'recorded', totals: { answered: 3, points: 22 }, streak: { current: 2 } });
      expect(topIds(db)).toEqual([['a', 22]]);
      expect(totalsMismatches(db, 'g1')).toBe(0);
      expect(boardMismatches(db, 'g1')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('never show an answer whose surrounding transaction rolled back', () => {
    const db = openDatabase(join(tempDir('boards-'), 'rollback.sqlite'));
    try {
      practice(db, 'a');
      expect(topIds(db)).toEqual([['a', 2]]);
      expect(() =>
        db.transaction(() => {
          practice(db, 'b');
          practice(db, 'b');
          throw new Error('the caller gives up');
        })(),
      ).toThrow('the caller gives up');
      expect(topIds(db)).toEqual([['a', 2]]);
      db.transaction(() => practice(db, 'c'))();
      expect(topIds(db)).toEqual([
        ['a', 2],
        ['c', 2],
      ]);
      expect(boardMismatches(db, 'g1')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
