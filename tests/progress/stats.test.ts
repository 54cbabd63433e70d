import { describe, expect, it } from 'vitest';
import { getStats, recordDailyAnswer, recordPracticeAnswer, TOPIC_WEIGHTS } from '../../src/progress/index.ts';
import { addPost, freshDb, HOUR } from './fixture.ts';

describe('getStats', () => {
  it('totals, per-topic accuracy with exam weights, weakest topic, answers per local day', async () => {
    const db = await freshDb('stats');
    const zone = 'Europe/Lisbon';
    const noon = (date: string) => Date.parse(`${date}T12:00:00Z`);
    const practice = async (topicId: string, correct: boolean, at: number) =>
      await recordPracticeAnswer(db, { guildId: 'g1', userId: 'u1', questionId: 'q', topicId, answer: ['a'], correct, answeredAt: at, timezone: zone });
    // 330.2: 6 answers, 2 right (33 %). 330.4: 5 answers, 2 right (40 %). 330.5: 2 answers, both wrong (too few).
    for (let k = 0; k < 6; k++) await practice('330.2', k < 2, noon('2024-05-10'));
    for (let k = 0; k < 5; k++) await practice('330.4', k < 2, noon('2024-05-11'));
    for (let k = 0; k < 2; k++) await practice('330.5', false, noon('2024-05-11'));
    await practice('330.1', true, noon('2023-10-01')); // older than 6 months: not in the day counts
    const post = await addPost(db, { seq: 1, localDate: '2024-05-12', claimedAt: noon('2024-05-12'), windowClosesAt: noon('2024-05-12') + 8 * HOUR });
    await recordDailyAnswer(db, { guildId: 'g1', userId: 'u1', postId: post, questionId: 'q', topicId: '330.1', answer: ['a'], correct: true, answeredAt: noon('2024-05-12') + HOUR });

    const stats = await getStats(db, 'g1', 'u1', { now: noon('2024-05-20'), timezone: zone });
    expect(stats).toMatchObject({ answered: 15, correct: 6, points: 10 + 5 * 2, daily: { answered: 1, correct: 1 }, practice: { answered: 14, correct: 5 } });
    expect(stats.accuracy).toBeCloseTo(6 / 15);
    expect(stats.topics.map((t) => t.topicId)).toEqual(['330.1', '330.2', '330.3', '330.4', '330.5', '330.6']);
    expect(stats.topics.map((t) => t.weight)).toEqual(Object.values(TOPIC_WEIGHTS));
    expect(stats.topics.find((t) => t.topicId === '330.3')).toEqual({ topicId: '330.3', weight: 9, answered: 0, correct: 0, accuracy: null });
    expect(stats.topics.find((t) => t.topicId === '330.2')).toMatchObject({ answered: 6, correct: 2 });
    expect(stats.weakestTopic).toMatchObject({ topicId: '330.2' });
    expect(stats.days.from).toBe('2023-11-21');
    expect(stats.days.to).toBe('2024-05-20');
    expect(stats.days.counts).toEqual([
      { date: '2024-05-10', answered: 6, correct: 2 },
      { date: '2024-05-11', answered: 7, correct: 2 },
      { date: '2024-05-12', answered: 1, correct: 1 },
    ]);
    const longer = await getStats(db, 'g1', 'u1', { now: noon('2024-05-20'), timezone: zone, months: 12 });
    expect(longer.days.counts[0]).toEqual({ date: '2023-10-01', answered: 1, correct: 1 });
  });

  it('a member without answers gets zeros, no weakest topic', async () => {
    const db = await freshDb('empty');
    const stats = await getStats(db, 'g1', 'nobody', { now: Date.UTC(2024, 0, 1), timezone: 'UTC' });
    expect(stats).toMatchObject({ answered: 0, correct: 0, accuracy: null, points: 0, weakestTopic: null });
    expect(stats.days.counts).toEqual([]);
  });
});
