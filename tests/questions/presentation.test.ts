/** The shown order of a question's options: permutations, round trips, fallbacks, uniformity. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkAnswer,
  correctPositions,
  drawOrder,
  fallbackOrder,
  fitsQuestion,
  identityOrder,
  parseOrder,
  present,
  resolveOrder,
  serializeOrder,
  toFileSubmission,
  type Question,
  type Submission,
} from '../../src/questions/index.ts';
import { seededRandom } from '../../src/questions/random.ts';

const base = { topic: '330.2', prompt: 'p', explanation: 'e', source: 's' };

/** Questions as the bank allows them: single 2..5 options (one right), multiple 3..6 (≥ 2 right, ≥ 1 wrong), fill-in. */
const questionArb: fc.Arbitrary<Question> = fc.oneof(
  fc.integer({ min: 2, max: 5 }).chain((n) =>
    fc.integer({ min: 0, max: n - 1 }).map(
      (right): Question => ({ ...base, id: `s-${n}-${right}`, kind: 'single', options: Array.from({ length: n }, (_, i) => ({ text: `o${i}`, correct: i === right })) }),
    ),
  ),
  fc.integer({ min: 3, max: 6 }).chain((n) =>
    fc
      .array(fc.boolean(), { minLength: n, maxLength: n })
      .filter((flags) => flags.filter(Boolean).length >= 2 && flags.some((flag) => !flag))
      .map((flags): Question => ({ ...base, id: `m-${n}`, kind: 'multiple', options: flags.map((correct, i) => ({ text: `o${i}`, correct })) })),
  ),
  fc.constant<Question>({ ...base, id: 'f', kind: 'fill-in', answers: ['xl list'] }),
);

const isPermutationOf = (order: readonly number[], n: number) => order.length === n && [...order].sort((a, b) => a - b).every((v, i) => v === i);
const optionsOf = (q: Question) => (q.kind === 'fill-in' ? [] : q.options);

describe('option order', () => {
  it('a drawn order is always a permutation of the options, and fits its question', () => {
    fc.assert(
      fc.property(questionArb, fc.integer(), (question, seed) => {
        const order = drawOrder(question, seededRandom(seed));
        expect(isPermutationOf(order, optionsOf(question).length)).toBe(true);
        expect(fitsQuestion(order, question)).toBe(true);
        expect(isPermutationOf(drawOrder(question), optionsOf(question).length)).toBe(true); // crypto randomness
      }),
    );
  });

  it('present() shows the same options, and maps the shown right ones back to the same right set', () => {
    fc.assert(
      fc.property(questionArb, fc.integer(), (question, seed) => {
        const presented = present(question, drawOrder(question, seededRandom(seed)));
        const shownOptions = optionsOf(presented.question);
        expect([...shownOptions].map((o) => o.text).sort()).toEqual(optionsOf(question).map((o) => o.text).sort());
        const rightInFile = optionsOf(question).flatMap((o, i) => (o.correct ? [i] : []));
        expect(correctPositions(presented).map((shown) => presented.order[shown]).sort()).toEqual(rightInFile);
        shownOptions.forEach((option, shown) => expect(option).toBe(optionsOf(question)[presented.order[shown]!]));
      }),
    );
  });

  it('grading a shown submission equals grading its file-order translation against the bank', () => {
    fc.assert(
      fc.property(questionArb, fc.integer(), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 6 }), (question, seed, picks) => {
        const presented = present(question, drawOrder(question, seededRandom(seed)));
        if (question.kind === 'fill-in') return;
        const submission: Submission =
          question.kind === 'single' ? { kind: 'single', choice: picks[0]! } : { kind: 'multiple', choices: [...new Set(picks)] };
        expect(checkAnswer(question, toFileSubmission(presented, submission))).toEqual(checkAnswer(presented.question, submission));
        // Clicking the shown right options is right.
        const right = correctPositions(presented);
        const shownRight: Submission = question.kind === 'single' ? { kind: 'single', choice: right[0]! } : { kind: 'multiple', choices: right };
        expect(checkAnswer(question, toFileSubmission(presented, shownRight)).correct).toBe(true);
      }),
    );
  });

  it('a stored order round-trips through its serialization and resolves to itself', () => {
    fc.assert(
      fc.property(questionArb, fc.integer(), (question, seed) => {
        const order = drawOrder(question, seededRandom(seed));
        const text = serializeOrder(order);
        expect(text).toHaveLength(order.length);
        expect(parseOrder(text)).toEqual(order);
        expect(resolveOrder(question, text, 'post:1')).toEqual(order);
      }),
    );
  });

  it('a stored order that no longer fits falls back to a fixed order for the key; null means file order', () => {
    const question: Question = { ...base, id: 'q', kind: 'single', options: ['a', 'b', 'c', 'd'].map((text, i) => ({ text, correct: i === 0 })) };
    for (const stored of ['210', '01234', '0012', 'zz!?', '', '3210x']) {
      const order = resolveOrder(question, stored, 'post:7');
      expect(isPermutationOf(order, 4)).toBe(true);
      expect(order).toEqual(fallbackOrder(question, 'post:7'));
      expect(resolveOrder(question, stored, 'post:7')).toEqual(order); // the same on every render
    }
    expect(resolveOrder(question, null, 'post:7')).toEqual([0, 1, 2, 3]);
    expect(identityOrder({ ...base, id: 'f', kind: 'fill-in', answers: ['x'] })).toEqual([]);
    // Fallbacks differ between keys (not all posts of an edited question show A first).
    const fallbacks = new Set(Array.from({ length: 50 }, (_, i) => serializeOrder(fallbackOrder(question, `post:${i}`))));
    expect(fallbacks.size).toBeGreaterThan(10);
    expect(() => present(question, [0, 1, 2])).toThrow(RangeError);
  });

  it('every permutation is equally likely (4 options, 24,000 draws: each of the 24 within 15% of 1,000)', () => {
    const question: Question = { ...base, id: 'q', kind: 'single', options: ['a', 'b', 'c', 'd'].map((text, i) => ({ text, correct: i === 0 })) };
    const random = seededRandom(2024);
    const counts = new Map<string, number>();
    for (let i = 0; i < 24_000; i++) {
      const key = serializeOrder(drawOrder(question, random));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
});
