/**
 * The stored schedule is ts-fsrs's own: a sequence of answers rated through the database, step by step,
 * leaves every FSRS field exactly where ts-fsrs applied in memory puts it, and a card read back schedules its
 * next step exactly like the card ts-fsrs returned.
 */
import fc from 'fast-check';
import { createEmptyCard, fsrs, generatorParameters, Rating, type Card, type Grade } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { rateAnswer, setRetention, type ReviewRating } from '../../src/review/index.ts';
import { DAY, freshDb, fsrsFields, storedFields } from './fixture.ts';

const T0 = Date.UTC(2025, 0, 6, 9);
const GRADES: Record<ReviewRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

const stepArb = fc.record({
  rating: fc.constantFrom<ReviewRating>('again', 'hard', 'good', 'easy'),
  // From a second to two months after the previous answer, with sub-second and sub-day parts.
  afterMs: fc.integer({ min: 1_000, max: 60 * DAY }),
});
const historyArb = fc.record({
  retention: fc.integer({ min: 80, max: 95 }).map((n) => n / 100),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 25 }),
});

function answerOf(rating: ReviewRating) {
  return rating === 'again' ? { correct: false } : { correct: true, rating };
}

// Thousands of one-transaction steps: on PostgreSQL each is several round trips, well past the default timeout.
const LONG = 60_000;

describe('FSRS scheduling through storage', () => {
  it('step by step, the stored card equals ts-fsrs applied in memory (every field, the next due date included)', async () => {
    const db = await freshDb('steps');
    let member = 0;
    await fc.assert(
      fc.asyncProperty(historyArb, async ({ retention, steps }) => {
        const userId = `u${member++}`;
        await setRetention(db, 'g1', retention);
        const scheduler = fsrs(generatorParameters({ request_retention: retention }));
        let at = T0;
        let card: Card = createEmptyCard(new Date(at));
        for (const step of steps) {
          at += step.afterMs;
          card = scheduler.next(card, new Date(at), GRADES[step.rating]).card;
          const rated = await rateAnswer(db, { guildId: 'g1', userId, cardKey: 'q:330.1-x', topicId: '330.1', source: 'review', at, ...answerOf(step.rating) });
          expect(await storedFields(db, 'g1', userId, 'q:330.1-x')).toEqual(fsrsFields(card));
          expect(rated.card.due).toBe(card.due.getTime());
          expect(rated.rating).toBe(step.rating);
        }
      }),
      { numRuns: 150 },
    );
  }, LONG);

  it('a card read back from the table schedules its next step exactly like the card ts-fsrs returned', async () => {
    const db = await freshDb('roundtrip');
    let member = 0;
    await fc.assert(
      fc.asyncProperty(historyArb, stepArb, async ({ retention, steps }, next) => {
        const userId = `u${member++}`;
        await setRetention(db, 'g1', retention);
        const scheduler = fsrs(generatorParameters({ request_retention: retention }));
        let at = T0;
        let card: Card = createEmptyCard(new Date(at));
        for (const step of steps) {
          at += step.afterMs;
          card = scheduler.next(card, new Date(at), GRADES[step.rating]).card;
          await rateAnswer(db, { guildId: 'g1', userId, cardKey: 'e:entry', topicId: '330.2', source: 'practice', at, ...answerOf(step.rating) });
        }
        // For every possible rating at the next answer, the same due date and fields as the in-memory card.
        const when = new Date(at + next.afterMs);
        const fromMemory = scheduler.repeat(card, when);
        const stored = (await storedFields(db, 'g1', userId, 'e:entry'))!;
        const loaded: Card = {
          ...(stored as unknown as Card),
          due: new Date(stored.due!),
          ...(stored.last_review === null ? { last_review: undefined } : { last_review: new Date(stored.last_review!) }),
        };
        const fromStorage = scheduler.repeat(loaded, when);
        for (const grade of [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy] as const) {
          expect(fsrsFields(fromStorage[grade].card)).toEqual(fsrsFields(fromMemory[grade].card));
        }
        // And the next answer through storage lands on ts-fsrs's due date for that rating.
        const rated = await rateAnswer(db, { guildId: 'g1', userId, cardKey: 'e:entry', topicId: '330.2', source: 'review', at: when.getTime(), ...answerOf(next.rating) });
        expect(rated.card.due).toBe(fromMemory[GRADES[next.rating]].card.due.getTime());
      }),
      { numRuns: 150 },
    );
  }, LONG);
});
