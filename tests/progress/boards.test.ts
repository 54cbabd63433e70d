import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Board } from '../../src/progress/boards.ts';
import { boardMismatches, getLeaderboard, recordPracticeAnswer } from '../../src/progress/index.ts';
import { openDatabase, type Db } from '../../src/storage/index.ts';
import { tempDir } from '../storage/tmp.ts';

const AT = Date.UTC(2024, 4, 15, 15);

function practice(db: Db, userId: string, correct = true): void {
  recordPracticeAnswer(db, { guildId: 'g1', userId, questionId: 'q', topicId: '330.1', answer: ['a'], correct, answeredAt: AT, timezone: 'UTC' });
}

const topIds = (db: Db) => getLeaderboard(db, 'g1', { metric: 'points', period: 'all', now: AT, limit: 25 }).entries.map((e) => [e.userId, e.value]);

describe('Board', () => {
  it('ranks, counts and lists like a sort of every member, through any sequence of moves', () => {
    const move = fc.record({ user: fc.integer({ min: 0, max: 30 }), score: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }) });
    fc.assert(
      fc.property(fc.array(move, { maxLength: 200 }), fc.integer({ min: 1, max: 12 }), fc.array(fc.integer({ min: 0, max: 30 })), (moves, limit, skipped) => {
        const board = new Board('points', 'all');
        const model = new Map<string, number>();
        const skip = new Set(skipped.map((u) => `u${String(u).padStart(2, '0')}`));
        const expectedTop = () =>
          [...model]
            .filter(([id]) => !skip.has(id))
            .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
            .slice(0, limit)
            .map(([userId, score]) => ({ userId, score }));
        for (const { user, score } of moves) {
          const id = `u${String(user).padStart(2, '0')}`;
          board.set(id, score);
          if (score === null) model.delete(id);
          else model.set(id, score);
          // Asked twice between writes: the second answer comes from the cached list and must still be right.
          if (user % 3 === 0) expect(board.top(limit, skip, (a, b) => a < b)).toEqual(expectedTop());
        }
        expect(board.top(limit, skip, (a, b) => a < b)).toEqual(expectedTop());
        expect(board.top(limit, skip, (a, b) => a < b)).toEqual(expectedTop());
        expect(board.size).toBe(model.size);
        for (const [id, score] of model) {
          expect(board.score(id)).toBe(score);
          expect(board.better(score)).toBe([...model.values()].filter((s) => s > score).length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('boards in memory', () => {
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
    } finally {
      other.close();
      bot.close();
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
