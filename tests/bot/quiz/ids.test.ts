/** Answer custom ids: this version's `answer:…` (shown positions, practice orders) and the older `practice:…` ones. */
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../../commands/index.ts';
import { createDispatcher } from '../../../bot/dispatcher.ts';
import { componentRoutes } from '../../../bot/routes.ts';
import type { BotServices } from '../../../bot/services.ts';
import { answerIds, parseAnswerId, parseLegacyAnswerId } from '../../../bot/quiz/ids.ts';
import { loadKnowledgeBase } from '../../../src/notes/index.ts';
import { drawOrder, loadQuestionBank, optionCount, serializeOrder } from '../../../src/questions/index.ts';
import { QUESTION_ID_MAX_LENGTH } from '../../../src/questions/schema.ts';

const args = (id: string) => id.split(':').slice(1);

describe('answer custom ids', () => {
  it('the longest question id still gives custom ids within Discord\'s 100 characters (a review card with 11-digit reps)', () => {
    const id = `330.1-${'x'.repeat(QUESTION_ID_MAX_LENGTH - 6)}`;
    const reps = 99_999_999_999;
    const longest = [answerIds('rev', id, '543210', reps).multi(), answerIds('rev', id, '43210', reps).pick(4), answerIds('train', id, '543210').multi(), answerIds('rev', id, undefined, reps).typed()];
    for (const customId of longest) expect(customId.length, customId).toBeLessThanOrEqual(100);
    expect(Math.max(...longest.map((c) => c.length))).toBe(100);
  });

  it('round-trip: daily ids carry the shown position, practice ids the order too', () => {
    const day = answerIds('day', 42);
    expect(day.pick(3)).toBe('answer:pick:day:42:3');
    expect(parseAnswerId(args(day.pick(3)))).toEqual({ action: 'pick', mode: 'day', ref: '42', option: 3, order: null, reps: null, legacy: false });
    expect(parseAnswerId(args(day.multi()))).toMatchObject({ action: 'multi', option: null, order: null });
    expect(parseAnswerId(args(day.typed()))).toMatchObject({ action: 'typed', mode: 'day', ref: '42' });

    const train = answerIds('train', '330.2-xl-list-01', '2031');
    expect(train.pick(0)).toBe('answer:pick:train:330.2-xl-list-01:2031:0');
    expect(parseAnswerId(args(train.pick(0)))).toEqual({ action: 'pick', mode: 'train', ref: '330.2-xl-list-01', option: 0, order: '2031', reps: null, legacy: false });
    expect(parseAnswerId(args(train.multi()))).toMatchObject({ action: 'multi', order: '2031' });
    expect(train.type()).toBe('answer:type:train:330.2-xl-list-01');

    // Review ids carry the card's reps when shown, after the order, in every action (the modal's too).
    const rev = answerIds('rev', '330.2-xl-list-01', '2031', 4);
    expect(rev.pick(1)).toBe('answer:pick:rev:330.2-xl-list-01:2031:4:1');
    expect(parseAnswerId(args(rev.pick(1)))).toEqual({ action: 'pick', mode: 'rev', ref: '330.2-xl-list-01', option: 1, order: '2031', reps: 4, legacy: false });
    expect(parseAnswerId(args(rev.multi()))).toMatchObject({ action: 'multi', order: '2031', reps: 4 });
    expect(rev.typed()).toBe('answer:typed:rev:330.2-xl-list-01:4');
    expect(parseAnswerId(args(rev.typed()))).toMatchObject({ action: 'typed', mode: 'rev', reps: 4 });
  });

  it('rejects malformed ids', () => {
    for (const id of ['answer:pick:day:x:1', 'answer:pick:day:4', 'answer:pick:train:q:1', 'answer:pick:train:q:20!:1', 'answer:multi:train:q', 'answer:pick:day:4:1:9', 'answer:zap:day:4', 'answer:pick:rev:q:01:1', 'answer:typed:rev:q', 'answer:type:rev:q:x']) {
      expect(parseAnswerId(args(id)), id).toBeNull();
    }
  });

  it('older ids (practice:…) parse as file indexes, marked legacy', () => {
    expect(parseLegacyAnswerId(args('practice:pick:day:7:2'))).toEqual({ action: 'pick', mode: 'day', ref: '7', option: 2, order: null, reps: null, legacy: true });
    expect(parseLegacyAnswerId(args('practice:pick:train:330.1-q-01:0'))).toMatchObject({ mode: 'train', ref: '330.1-q-01', option: 0, legacy: true });
    expect(parseLegacyAnswerId(args('practice:typed:day:7'))).toMatchObject({ action: 'typed', legacy: true });
    expect(parseLegacyAnswerId(args('practice:pick:day:7'))).toBeNull();
  });

  it('every question of the shipped bank fits Discord\'s 100 characters in every id, at its longest', () => {
    const { bank } = loadQuestionBank('data/questions', loadKnowledgeBase('data/notes'));
    const longest = bank.questions.reduce((a, b) => (b.id.length > a.id.length ? b : a));
    for (const question of bank.questions) {
      for (const ids of [answerIds('train', question.id, serializeOrder(drawOrder(question))), answerIds('rev', question.id, serializeOrder(drawOrder(question)), 9999)]) {
        const all = [ids.multi(), ids.type(), ids.typed(), ids.pick(Math.max(0, optionCount(question) - 1))];
        for (const id of all) expect(id.length).toBeLessThanOrEqual(100);
      }
    }
    // Room left for the longest id: what a future question id may add.
    expect(answerIds('train', longest.id, '012345').pick(5).length).toBeLessThanOrEqual(100);
  });

  it('a component prefix routed twice (a command named like a route) is refused at start', () => {
    const services = { logger: {} } as unknown as BotServices;
    expect(() => createDispatcher(allCommands, componentRoutes, services)).not.toThrow();
    const clash = { ...allCommands[0]!, data: { ...allCommands[0]!.data, name: 'answer' }, component: async () => undefined };
    expect(() => createDispatcher([...allCommands, clash], componentRoutes, services)).toThrow(/"answer" is routed twice/);
  });
});
