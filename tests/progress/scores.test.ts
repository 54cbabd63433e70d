import { describe, expect, it } from 'vitest';
import { newMember } from '../../src/progress/member.ts';
import { accuracyPerMille, addAnswerToScores, totalsFor } from '../../src/progress/scores.ts';

describe('addAnswerToScores', () => {
  it('counts all time, this week and this month; a later week or month starts over', () => {
    const m = newMember('g1', 'u1', 0);
    addAnswerToScores(m, '2024-03-29', 1, 10); // Friday, ISO week 13, March
    addAnswerToScores(m, '2024-03-31', 0, 0); // Sunday, still week 13
    expect(totalsFor(m, 'all')).toEqual({ points: 10, answered: 2, correct: 1 });
    expect(totalsFor(m, '2024-W13')).toEqual({ points: 10, answered: 2, correct: 1 });
    expect(totalsFor(m, '2024-03')).toEqual({ points: 10, answered: 2, correct: 1 });
    addAnswerToScores(m, '2024-04-01', 1, 2); // Monday: week 14 and April begin
    expect(totalsFor(m, '2024-W14')).toEqual({ points: 2, answered: 1, correct: 1 });
    expect(totalsFor(m, '2024-04')).toEqual({ points: 2, answered: 1, correct: 1 });
    expect(totalsFor(m, '2024-W13')).toEqual({ points: 0, answered: 0, correct: 0 }); // no longer kept
    expect(totalsFor(m, 'all')).toEqual({ points: 12, answered: 3, correct: 2 });
  });

  it('an answer dated before the stored week or month counts all time only', () => {
    const m = newMember('g1', 'u1', 0);
    addAnswerToScores(m, '2024-04-01', 1, 10); // week 14, April
    addAnswerToScores(m, '2024-03-31', 1, 10); // a late answer from week 13, March
    expect(m.week_key).toBe('2024-W14');
    expect(m.month_key).toBe('2024-04');
    expect(totalsFor(m, '2024-W14')).toEqual({ points: 10, answered: 1, correct: 1 });
    expect(totalsFor(m, '2024-04')).toEqual({ points: 10, answered: 1, correct: 1 });
    expect(totalsFor(m, 'all')).toEqual({ points: 20, answered: 2, correct: 2 });
    addAnswerToScores(m, '2024-04-03', 0, 0); // same week and month as stored: counted there too
    expect(totalsFor(m, '2024-W14').answered).toBe(2);
    expect(totalsFor(m, '2024-04').answered).toBe(2);
    expect(totalsFor(m, '2024-W13').answered).toBe(0);
  });

  it('refuses points for a wrong answer', () => {
    expect(() => addAnswerToScores(newMember('g1', 'u1', 0), '2024-04-01', 0, 10)).toThrow(/points without a correct answer/);
  });
});

describe('accuracyPerMille', () => {
  it('rounds half up, and is null below the minimum number of answers', () => {
    expect(accuracyPerMille(4, 4)).toBeNull();
    expect(accuracyPerMille(2, 6)).toBe(333);
    expect(accuracyPerMille(5, 6)).toBe(833);
    expect(accuracyPerMille(1, 8)).toBe(125);
    expect(accuracyPerMille(1, 16)).toBe(63); // 62.5 rounds up
  });
});
