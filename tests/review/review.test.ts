import { join } from 'node:path';
import fc from 'fast-check';
import { createEmptyCard, fsrs, generatorParameters, Rating, type Grade } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import {
  addFlashcard,
  DEFAULT_RETENTION,
  dueCards,
  dueSummary,
  forgetCards,
  getCard,
  getRetention,
  rateAnswer,
  rateAnswers,
  recallByTopic,
  ReviewError,
  reviewedOn,
  setRetention,
  WEAKEST_TOPIC_MIN_CARDS,
  type RateInput,
} from '../../src/review/index.ts';
import { openSqlite } from '../../src/storage/index.ts';
import { tempDir } from '../support/temp-db.ts';
import { DAY, freshDb, fsrsFields, HOUR, storedFields } from './fixture.ts';

const T0 = Date.UTC(2025, 4, 5, 12); // Monday 2025-05-05 12:00 UTC

function answer(extra: Partial<RateInput> & Pick<RateInput, 'cardKey'>): RateInput {
  return { guildId: 'g1', userId: 'u1', topicId: '330.1', correct: true, source: 'daily', at: T0, ...extra };
}

describe('desired retention', () => {
  it('is 0.90 until set, and keeps what an admin sets from 0.80 to 0.95 per server', async () => {
    const db = await freshDb('retention');
    expect(await getRetention(db, 'g1')).toBe(DEFAULT_RETENTION);
    expect(DEFAULT_RETENTION).toBe(0.9);
    await setRetention(db, 'g1', 0.8);
    expect(await getRetention(db, 'g1')).toBe(0.8);
    await setRetention(db, 'g1', 0.95);
    expect(await getRetention(db, 'g1')).toBe(0.95);
    expect(await getRetention(db, 'g2')).toBe(0.9);
  });

  it('refuses anything outside 0.80..0.95 and keeps the value it had', async () => {
    const db = await freshDb('retention-bounds');
    await setRetention(db, 'g1', 0.85);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.double({ max: 0.7999999, noNaN: false }), fc.double({ min: 0.9500001 }), fc.constantFrom(Number.NaN, Infinity, -Infinity)),
        async (bad) => {
          await expect(setRetention(db, 'g1', bad)).rejects.toThrow(ReviewError);
          expect(await getRetention(db, 'g1')).toBe(0.85);
        },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.8, max: 0.95, noNaN: true }), async (good) => {
        await setRetention(db, 'g2', good);
        expect(await getRetention(db, 'g2')).toBe(good);
      }),
    );
    await expect(setRetention(db, 'g1', 0.5)).rejects.toThrow(expect.objectContaining({ code: 'invalid_retention' }));
  });

  it('the table itself refuses an out-of-range retention written around the module', async () => {
    const db = await freshDb('retention-check');
    // SQLite: "CHECK constraint failed"; PostgreSQL: "violates check constraint".
    await expect(db.run(`INSERT INTO review_settings (guild_id, desired_retention, updated_at) VALUES ('g1', 0.99, 0)`)).rejects.toThrow(/check constraint/i);
  });

  it('schedules with the server’s retention: a higher one brings the next review sooner', async () => {
    const db = await freshDb('retention-effect');
    await setRetention(db, 'low', 0.8);
    await setRetention(db, 'high', 0.95);
    const low = await rateAnswer(db, answer({ guildId: 'low', cardKey: 'q:a', rating: 'easy' }));
    const high = await rateAnswer(db, answer({ guildId: 'high', cardKey: 'q:a', rating: 'easy' }));
    expect(high.card.due).toBeLessThan(low.card.due);
  });
});

describe('rateAnswer', () => {
  it('creates the card on first sight: wrong is Again, right is Good, Hard/Easy only after a right answer', async () => {
    const db = await freshDb('ratings');
    const scheduler = fsrs(generatorParameters({ request_retention: 0.9 }));
    const cases: { cardKey: string; correct: boolean; rating: 'hard' | 'easy' | undefined; grade: Grade; name: string }[] = [
      { cardKey: 'q:wrong', correct: false, rating: 'easy', grade: Rating.Again, name: 'again' },
      { cardKey: 'q:right', correct: true, rating: undefined, grade: Rating.Good, name: 'good' },
      { cardKey: 'q:hard', correct: true, rating: 'hard', grade: Rating.Hard, name: 'hard' },
      { cardKey: 'q:easy', correct: true, rating: 'easy', grade: Rating.Easy, name: 'easy' },
    ];
    for (const c of cases) {
      const rated = await rateAnswer(db, answer({ cardKey: c.cardKey, correct: c.correct, rating: c.rating }));
      expect(rated).toMatchObject({ created: true, rating: c.name, previousState: 'new' });
      const expected = scheduler.next(createEmptyCard(new Date(T0)), new Date(T0), c.grade).card;
      expect(await storedFields(db, 'g1', 'u1', c.cardKey)).toEqual(fsrsFields(expected));
    }
    const again = await rateAnswer(db, answer({ cardKey: 'q:right', at: T0 + DAY }));
    expect(again.created).toBe(false);
    expect(again.previousState).toBe('learning');
  });

  it('keeps the topic and creation time of the first sight', async () => {
    const db = await freshDb('topic');
    await rateAnswer(db, answer({ cardKey: 'q:x', topicId: '330.2' }));
    const later = await rateAnswer(db, answer({ cardKey: 'q:x', topicId: '330.5', at: T0 + DAY }));
    expect(later.card).toMatchObject({ topicId: '330.2', createdAt: T0, reps: 2 });
  });

  it('refuses a malformed card key and writes nothing', async () => {
    const db = await freshDb('bad-key');
    for (const cardKey of ['x:1', 'q:', '330.1-a', '']) {
      await expect(rateAnswer(db, answer({ cardKey }))).rejects.toThrow(ReviewError);
    }
    expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM review_cards'))!.n).toBe(0);
  });

  it('an answer stamped before the last review counts as simultaneous (no negative interval)', async () => {
    const db = await freshDb('clock');
    await rateAnswer(db, answer({ cardKey: 'q:x', at: T0 + DAY }));
    const early = await rateAnswer(db, answer({ cardKey: 'q:x', at: T0 }));
    expect(early.card.lastReview).toBe(T0 + DAY);
  });

  it('logs only /review answers, on the server’s local day', async () => {
    const db = await freshDb('reviewed');
    await db.run(`INSERT INTO quiz_schedules (guild_id, channel_id, time, timezone, updated_at) VALUES ('g1', 'c', '09:00', 'America/Sao_Paulo', 0)`);
    // 2025-05-06 01:30 UTC is still 2025-05-05 in São Paulo (UTC-3).
    const lateEvening = Date.UTC(2025, 4, 6, 1, 30);
    await rateAnswer(db, answer({ cardKey: 'q:a', source: 'daily', at: lateEvening - HOUR }));
    await rateAnswer(db, answer({ cardKey: 'q:a', source: 'review', at: lateEvening }));
    await rateAnswer(db, answer({ cardKey: 'e:b', source: 'review', correct: false, at: lateEvening }));
    await rateAnswer(db, answer({ cardKey: 'q:c', source: 'practice', at: lateEvening }));
    await rateAnswer(db, answer({ cardKey: 'q:c', source: 'review', userId: 'u2', at: lateEvening }));
    expect(await reviewedOn(db, 'g1', 'u1', '2025-05-05')).toBe(2);
    expect(await reviewedOn(db, 'g1', 'u1', '2025-05-06')).toBe(0);
    expect(await reviewedOn(db, 'g1', 'u2', '2025-05-05')).toBe(1);
    // An explicit zone wins over the schedule's.
    await rateAnswer(db, answer({ cardKey: 'q:a', source: 'review', at: lateEvening + HOUR, timezone: 'UTC' }));
    expect(await reviewedOn(db, 'g1', 'u1', '2025-05-06')).toBe(1);
  });

  it('rateAnswers commits a group as the single calls would', async () => {
    const one = await freshDb('one');
    const many = await freshDb('many');
    const inputs = ['u1', 'u2', 'u3'].flatMap((userId, i) => [
      answer({ userId, cardKey: 'q:a', correct: i !== 1 }),
      answer({ userId, cardKey: 'q:a', at: T0 + DAY, source: 'review' }),
    ]);
    for (const input of inputs) await rateAnswer(one, input);
    await rateAnswers(many, inputs);
    const all = (db: typeof one) => db.all('SELECT * FROM review_cards ORDER BY user_id, card_key');
    expect(await all(many)).toEqual(await all(one));
    expect(await reviewedOn(many, 'g1', 'u2', '2025-05-06')).toBe(1);
  });
});

describe('due cards', () => {
  it('lists the due cards, longest waiting first, and says how many are due and when the next one is', async () => {
    const db = await freshDb('due');
    await addFlashcard(db, { guildId: 'g1', userId: 'u1', entryId: 'late', topicId: '330.1', at: T0 + 5 * DAY });
    await addFlashcard(db, { guildId: 'g1', userId: 'u1', entryId: 'b', topicId: '330.1', at: T0 + HOUR });
    await addFlashcard(db, { guildId: 'g1', userId: 'u1', entryId: 'a', topicId: '330.1', at: T0 + HOUR });
    await addFlashcard(db, { guildId: 'g1', userId: 'u1', entryId: 'first', topicId: '330.1', at: T0 });
    await addFlashcard(db, { guildId: 'g1', userId: 'u2', entryId: 'other-member', topicId: '330.1', at: T0 });
    await addFlashcard(db, { guildId: 'g2', userId: 'u1', entryId: 'other-server', topicId: '330.1', at: T0 });
    const now = T0 + 2 * HOUR;
    expect((await dueCards(db, 'g1', 'u1', now, 10)).map((c) => c.cardKey)).toEqual(['e:first', 'e:a', 'e:b']);
    expect((await dueCards(db, 'g1', 'u1', now, 1)).map((c) => c.cardKey)).toEqual(['e:first']);
    expect(await dueSummary(db, 'g1', 'u1', now)).toEqual({ due: 3, nextDueAt: T0 + 5 * DAY });
    expect(await dueSummary(db, 'g1', 'u1', T0 - 1)).toEqual({ due: 0, nextDueAt: T0 });
    expect(await dueSummary(db, 'g1', 'u1', T0 + 6 * DAY)).toEqual({ due: 4, nextDueAt: null });
    expect(await dueSummary(db, 'g1', 'nobody', now)).toEqual({ due: 0, nextDueAt: null });
  });

  it('a card answered leaves the due list until FSRS brings it back', async () => {
    const db = await freshDb('due-answered');
    await addFlashcard(db, { guildId: 'g1', userId: 'u1', entryId: 'a', topicId: '330.1', at: T0 });
    const rated = await rateAnswer(db, answer({ cardKey: 'e:a', source: 'review', rating: 'easy', at: T0 + HOUR }));
    expect(await dueSummary(db, 'g1', 'u1', T0 + HOUR)).toEqual({ due: 0, nextDueAt: rated.card.due });
    expect((await dueCards(db, 'g1', 'u1', rated.card.due, 5)).map((c) => c.cardKey)).toEqual(['e:a']);
  });
});

describe('addFlashcard', () => {
  it('adds a new card due at once; a second click leaves the card as it is', async () => {
    const db = await freshDb('flashcard');
    const added = await addFlashcard(db, { guildId: 'g1', userId: 'u1', entryId: 'xen-dom0', topicId: '330.2', at: T0 });
    expect(added).toMatchObject({ created: true, card: { cardKey: 'e:xen-dom0', kind: 'flashcard', id: 'xen-dom0', topicId: '330.2', due: T0, state: 'new', reps: 0 } });
    await rateAnswer(db, answer({ cardKey: 'e:xen-dom0', source: 'review', rating: 'good', at: T0 + HOUR }));
    const before = await getCard(db, 'g1', 'u1', 'e:xen-dom0');
    const again = await addFlashcard(db, { guildId: 'g1', userId: 'u1', entryId: 'xen-dom0', topicId: '330.2', at: T0 + 2 * HOUR });
    expect(again).toEqual({ created: false, card: before });
    expect(await getCard(db, 'g1', 'u1', 'e:xen-dom0')).toEqual(before);
  });
});

describe('recallByTopic', () => {
  it('averages ts-fsrs’s retrievability over reviewed cards per topic; the weakest is the lowest with enough cards', async () => {
    const db = await freshDb('recall');
    const scheduler = fsrs(generatorParameters({ request_retention: 0.9 }));
    // 330.1: three cards answered right long ago; 330.2: three answered right recently; 330.3: one card, wrong.
    const plan = [
      ...['a', 'b', 'c'].map((id) => ({ topicId: '330.1', cardKey: `q:${id}`, correct: true, at: T0 })),
      ...['d', 'e', 'f'].map((id) => ({ topicId: '330.2', cardKey: `q:${id}`, correct: true, at: T0 + 20 * DAY })),
      { topicId: '330.3', cardKey: 'q:g', correct: false, at: T0 },
    ];
    const expected = new Map<string, number[]>();
    for (const step of plan) {
      await rateAnswer(db, answer(step));
      const card = scheduler.next(createEmptyCard(new Date(step.at)), new Date(step.at), step.correct ? Rating.Good : Rating.Again).card;
      const list = expected.get(step.topicId) ?? [];
      list.push(scheduler.get_retrievability(card, new Date(T0 + 30 * DAY), false));
      expected.set(step.topicId, list);
    }
    await addFlashcard(db, { guildId: 'g1', userId: 'u1', entryId: 'never-reviewed', topicId: '330.4', at: T0 });
    const recall = await recallByTopic(db, 'g1', 'u1', T0 + 30 * DAY);
    expect(recall.topics).toEqual(
      [...expected.entries()].map(([topicId, values]) => ({
        topicId,
        cards: values.length,
        averageRecall: expect.closeTo(values.reduce((a, b) => a + b, 0) / values.length, 12),
      })),
    );
    const byTopic = Object.fromEntries(recall.topics.map((t) => [t.topicId, t.averageRecall]));
    expect(byTopic['330.1']).toBeLessThan(byTopic['330.2']!);
    // 330.3 (one card, probably the lowest) has too few cards to be called the weakest.
    expect(WEAKEST_TOPIC_MIN_CARDS).toBeGreaterThan(1);
    expect(recall.weakest).toBe('330.1');
    expect(await recallByTopic(db, 'g1', 'nobody', T0)).toEqual({ topics: [], weakest: null });
  });
});

describe('forgetCards', () => {
  it('removes every card and review of that member in that server, and nothing of anyone else', async () => {
    const members = fc.uniqueArray(
      fc.record({ guildId: fc.constantFrom('g1', 'g2'), userId: fc.constantFrom('u1', 'u2', 'u3'), cardKey: fc.constantFrom('q:a', 'q:b', 'e:c') }),
      { selector: (r) => `${r.guildId}|${r.userId}|${r.cardKey}`, minLength: 1, maxLength: 18 },
    );
    // One database, emptied before each run (a fresh PostgreSQL schema per run would cost most of the time).
    const db = await freshDb('forget');
    await fc.assert(
      fc.asyncProperty(members, fc.constantFrom('g1', 'g2'), fc.constantFrom('u1', 'u2', 'u3'), async (cards, guildId, userId) => {
        await db.run('DELETE FROM review_cards');
        await db.run('DELETE FROM review_log');
        for (const card of cards) await rateAnswer(db, answer({ ...card, source: 'review' }));
        const rows = async (table: string) =>
          (await db.all<{ k: string }>(`SELECT guild_id || '|' || user_id || '|' || card_key AS k FROM ${table} ORDER BY k`)).map((r) => r.k);
        const keep = (k: string) => !k.startsWith(`${guildId}|${userId}|`);
        const cardsBefore = await rows('review_cards');
        const logBefore = await rows('review_log');
        const result = await forgetCards(db, guildId, userId);
        expect(await rows('review_cards')).toEqual(cardsBefore.filter(keep));
        expect(await rows('review_log')).toEqual(logBefore.filter(keep));
        expect(result).toEqual({ cards: cardsBefore.length - cardsBefore.filter(keep).length, reviews: logBefore.length - logBefore.filter(keep).length });
      }),
      { numRuns: 40 },
    );
  });
});

describe('review_cards_due', () => {
  // SQLite's query plans: opened as SQLite in both passes (PostgreSQL plans by statistics, not a fixed shape).
  it('serves the due list, the due count and the next due time (the count and the next without the table)', () => {
    const db = openSqlite(join(tempDir('review-'), 'plans.sqlite')).connection;
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    const member = `guild_id = 'g1' AND user_id = 'u1'`;
    expect(plan(`SELECT count(*) FROM review_cards WHERE ${member} AND due <= 5`)).toMatch(/COVERING INDEX review_cards_due/);
    expect(plan(`SELECT min(due) FROM review_cards WHERE ${member} AND due > 5`)).toMatch(/COVERING INDEX review_cards_due/);
    const list = plan(`SELECT * FROM review_cards WHERE ${member} AND due <= 5 ORDER BY due, card_key LIMIT 3`);
    expect(list).toMatch(/INDEX review_cards_due/);
    expect(list).not.toMatch(/TEMP B-TREE/); // no sort: the index is already in (due, card_key) order
    db.close();
  });
});
