import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { createQuestionBank, pickQuestion, topicWithLargestDeficit, type Question } from '../../src/questions/index.ts';
import { claimDuePost, setupSchedule } from '../../src/schedule/index.ts';
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
let db: Database.Database;
beforeEach(() => {
  temp = tempDatabase();
  db = temp.open();
});
afterEach(() => temp.cleanup());

describe('pickQuestion', () => {
  it('follows the exam weights: 36 picks from a large bank give exactly 8/9/9/3/5/2', () => {
    const bank = bankOf({ '330.1': 40, '330.2': 40, '330.3': 40, '330.4': 40, '330.5': 40, '330.6': 40 });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 36; i++) {
      const q = pickQuestion(db, 'g', bank, 'seed');
      counts[q.topic] = (counts[q.topic] ?? 0) + 1;
      // At every step no topic is more than one question away from its share.
      const picked = i + 1;
      for (const [topic, weight] of Object.entries(WEIGHTS)) {
        expect(Math.abs((counts[topic] ?? 0) - (weight / 36) * picked)).toBeLessThan(1 + 1e-9);
      }
    }
    expect(counts).toEqual(WEIGHTS);
  });

  it('never repeats until the bank is used up, then starts a new round without an immediate repeat', () => {
    const bank = bankOf({ '330.1': 5, '330.2': 3, '330.4': 1, '330.6': 2 });
    const firstRound = Array.from({ length: bank.questions.length }, () => pickQuestion(db, 'g', bank).id);
    expect(new Set(firstRound).size).toBe(bank.questions.length);
    const next = pickQuestion(db, 'g', bank).id;
    expect(next).not.toBe(firstRound.at(-1));
    const secondRound = [next, ...Array.from({ length: bank.questions.length - 1 }, () => pickQuestion(db, 'g', bank).id)];
    expect(new Set(secondRound).size).toBe(bank.questions.length);
  });

  it('keeps each server on its own round and is reproducible with a seed', () => {
    const bank = bankOf({ '330.1': 6, '330.2': 6 });
    const a = Array.from({ length: 6 }, () => pickQuestion(db, 'a', bank, 42).id);
    const b = Array.from({ length: 12 }, () => pickQuestion(db, 'b', bank, 42).id);
    expect(new Set(a).size).toBe(6);
    expect(new Set(b).size).toBe(12); // b's round is not shortened by what a already had
    const other = tempDatabase();
    const otherDb = other.open();
    expect(Array.from({ length: 6 }, () => pickQuestion(otherDb, 'a', bank, 42).id)).toEqual(a);
    other.cleanup();
  });

  it('ignores used questions that left the bank', () => {
    const before = bankOf({ '330.1': 3 });
    pickQuestion(db, 'g', before);
    pickQuestion(db, 'g', before);
    const after = bankOf({ '330.2': 2 });
    const picks = [pickQuestion(db, 'g', after).id, pickQuestion(db, 'g', after).id];
    expect(picks.sort()).toEqual(['330.2-q-1', '330.2-q-2']);
  });

  it('is recorded only if the claim commits', () => {
    const bank = bankOf({ '330.1': 2 });
    setupSchedule(db, { guildId: 'g', channelId: 'c', time: '09:00', timezone: 'UTC' }, Date.UTC(2024, 0, 1, 8));
    expect(() =>
      claimDuePost(db, 'g', Date.UTC(2024, 0, 1, 9), (ctx) => {
        pickQuestion(db, ctx.guildId, bank);
        throw new Error('send queue full');
      }),
    ).toThrow('send queue full');
    expect(db.prepare('SELECT count(*) AS n FROM quiz_used_questions').get()).toEqual({ n: 0 });
    const outcome = claimDuePost(db, 'g', Date.UTC(2024, 0, 1, 9), (ctx) => {
      const q = pickQuestion(db, ctx.guildId, bank);
      return { questionId: q.id, topicId: q.topic };
    });
    expect(outcome.claimed).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM quiz_used_questions').get()).toEqual({ n: 1 });
  });
});

describe('topicWithLargestDeficit', () => {
  it('skips exhausted topics and breaks ties by weight', () => {
    const weights = new Map(Object.entries(WEIGHTS));
    expect(topicWithLargestDeficit(weights, new Map(), new Set(Object.keys(WEIGHTS)))).toBe('330.2');
    expect(topicWithLargestDeficit(weights, new Map(), new Set(['330.4', '330.6']))).toBe('330.4');
    expect(topicWithLargestDeficit(weights, new Map(), new Set())).toBeNull();
  });
});
