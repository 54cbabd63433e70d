import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQuestionBank, pickQuestion, topicWithLargestDeficit, type Question } from '../../src/questions/index.ts';
import { claimDuePost, setupSchedule } from '../../src/schedule/index.ts';
import type { Db } from '../../src/storage/index.ts';
import { tempDatabase, type TempDb } from '../support/temp-db.ts';

const WEIGHTS = { '330.1': 8, '330.2': 9, '330.3': 9, '330.4': 3, '330.5': 5, '330.6': 2 };

function bankOf(perTopic: Record<string, number>) {
  const questions: Question[] = [];
  for (const [topic, count] of Object.entries(perTopic)) {
    for (let i = 1; i <= count; i++) {
      questions.push({ id: `${topic}-q-${i}`, topic, kind: 'fill-in', prompt: 'p', explanation: 'e', source: 's', answers: ['a'] });
    }
  }
  return createQuestionBank(questions, { weights: WEIGHTS });
}

let temp: TempDb;
let db: Db;
beforeEach(async () => {
  temp = await tempDatabase();
  db = temp.db;
});
afterEach(() => temp.cleanup());

describe('pickQuestion', () => {
  it('follows the exam weights: 36 picks from a large bank give exactly 8/9/9/3/5/2', async () => {
    const bank = bankOf({ '330.1': 40, '330.2': 40, '330.3': 40, '330.4': 40, '330.5': 40, '330.6': 40 });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 36; i++) {
      const q = await pickQuestion(db, 'g', bank, 'seed');
      counts[q.topic] = (counts[q.topic] ?? 0) + 1;
      // At every step no topic is more than one question away from its share.
      const picked = i + 1;
      for (const [topic, weight] of Object.entries(WEIGHTS)) {
        expect(Math.abs((counts[topic] ?? 0) - (weight / 36) * picked)).toBeLessThan(1 + 1e-9);
      }
    }
    expect(counts).toEqual(WEIGHTS);
  });

  it('a used-up topic starts its own round at once (no question repeats within it, none first that it asked last)', async () => {
    const bank = bankOf({ '330.1': 5, '330.2': 3, '330.4': 1, '330.6': 2 });
    const lastOf = new Map<string, string>();
    const round = new Map<string, Set<string>>();
    for (let day = 0; day < 200; day++) {
      const q = await pickQuestion(db, 'g', bank, undefined, Date.UTC(2024, 0, 1) + day * 86_400_000);
      const pool = bank.byTopic.get(q.topic)!;
      let seen = round.get(q.topic);
      if (!seen || seen.size === pool.length) {
        // A new round of this topic: it must not open with the question the topic asked last.
        if (seen && pool.length > 1) expect(q.id).not.toBe(lastOf.get(q.topic));
        seen = new Set();
        round.set(q.topic, seen);
      }
      expect(seen.has(q.id)).toBe(false);
      seen.add(q.id);
      lastOf.set(q.topic, q.id);
    }
  });

  it('follows the weights all the time: over many days each topic\'s share tracks its weight, small pools included', async () => {
    // 330.4 and 330.6 have 1 and 2 questions: under a whole-bank round they fell silent once used up.
    const bank = bankOf({ '330.1': 30, '330.2': 12, '330.3': 40, '330.4': 1, '330.5': 6, '330.6': 2 });
    const counts: Record<string, number> = {};
    for (let day = 1; day <= 360; day++) {
      const q = await pickQuestion(db, 'g', bank, 'seed');
      counts[q.topic] = (counts[q.topic] ?? 0) + 1;
      for (const [topic, weight] of Object.entries(WEIGHTS)) {
        expect(Math.abs((counts[topic] ?? 0) - (weight / 36) * day)).toBeLessThan(1 + 1e-9);
      }
    }
    expect(counts).toEqual({ '330.1': 80, '330.2': 90, '330.3': 90, '330.4': 30, '330.5': 50, '330.6': 20 });
  });

  it('keeps each server on its own round and is reproducible with a seed', async () => {
    const bank = bankOf({ '330.1': 6, '330.2': 6 });
    const picks = async (on: Db, guildId: string, count: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await pickQuestion(on, guildId, bank, 42)).id);
      return ids;
    };
    const a = await picks(db, 'a', 6);
    const b = await picks(db, 'b', 12);
    expect(new Set(a).size).toBe(6);
    expect(new Set(b).size).toBe(12); // b's rounds are not shortened by what a already had
    const other = await tempDatabase();
    expect(await picks(other.db, 'a', 6)).toEqual(a);
    await other.cleanup();
  });

  it('ignores used questions that left the bank', async () => {
    const before = bankOf({ '330.1': 3 });
    await pickQuestion(db, 'g', before);
    await pickQuestion(db, 'g', before);
    const after = bankOf({ '330.2': 2 });
    const picks = [(await pickQuestion(db, 'g', after)).id, (await pickQuestion(db, 'g', after)).id];
    expect(picks.sort()).toEqual(['330.2-q-1', '330.2-q-2']);
  });

  it('is recorded only if the claim commits', async () => {
    const bank = bankOf({ '330.1': 2 });
    await setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: 'UTC' }, Date.UTC(2024, 0, 1, 8));
    await expect(
      claimDuePost(db, 'g', Date.UTC(2024, 0, 1, 9), async (ctx) => {
        await pickQuestion(db, ctx.guildId, bank);
        throw new Error('send queue full');
      }),
    ).rejects.toThrow('send queue full');
    expect(await db.get('SELECT count(*) AS n FROM quiz_used_questions')).toEqual({ n: 0 });
    const outcome = await claimDuePost(db, 'g', Date.UTC(2024, 0, 1, 9), async (ctx) => {
      const q = await pickQuestion(db, ctx.guildId, bank);
      return { questionId: q.id, topicId: q.topic };
    });
    expect(outcome.claimed).toBe(true);
    expect(await db.get('SELECT count(*) AS n FROM quiz_used_questions')).toEqual({ n: 1 });
  });
});

describe('topicWithLargestDeficit', () => {
  it('skips exhausted topics and breaks ties by weight', async () => {
    const weights = new Map(Object.entries(WEIGHTS));
    expect(topicWithLargestDeficit(weights, new Map(), new Set(Object.keys(WEIGHTS)))).toBe('330.2');
    expect(topicWithLargestDeficit(weights, new Map(), new Set(['330.4', '330.6']))).toBe('330.4');
    expect(topicWithLargestDeficit(weights, new Map(), new Set())).toBeNull();
  });
});
