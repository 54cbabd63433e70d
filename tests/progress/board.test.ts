import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Board } from '../../src/progress/board.ts';

describe('Board', () => {
  it('ranks, counts and lists like a sort of every member, through any sequence of moves', async () => {
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
