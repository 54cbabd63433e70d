/** `/practice` through the local Discord: private question, same answering flow, recorded as practice. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStreak } from '../../src/progress/index.ts';
import type { LocalMessage } from '../../src/localdiscord/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h?.close();
});

const practice = (options: Record<string, string> = {}, user: string | { username: string; locale?: string } = h.student.id) =>
  h.server.runSlashCommand({ channelId: h.channelId, user, name: 'practice', options }).waitForReply();

const customIds = (message: LocalMessage): string[] =>
  (message.components ?? []).flatMap((row) => ('components' in row ? (row.components as { custom_id?: string }[]) : [])).map((c) => c.custom_id ?? '');

const practiceRows = (userId: string) =>
  h.services.db.prepare('SELECT kind, post_id, question_id, topic_id, answer, correct FROM answers WHERE user_id = ? ORDER BY id').all(userId);

describe('/practice', () => {
  it('a single-choice question only the asker sees; the answer is recorded as practice and shown in place', async () => {
    const question = h.services.bank.byTopic.get('330.6')![0]!;
    if (question.kind !== 'single') throw new Error('expected the 330.6 question to be single choice');
    const asked = await practice({ topic: '330.6' });
    expect(asked.local.ephemeral).toBe(true);
    expect(asked.local.visibleTo).toBe(h.student.id);
    expect(asked.embeds[0]?.title).toBe('🏋️ Pergunta de treino');
    expect(asked.embeds[0]?.fields?.find((f) => f.name === 'Tópico')?.value).toBe('330.6 Cloud Management Tools');
    expect(customIds(asked)).toEqual(question.options.map((_, i) => `practice:pick:train:${question.id}:${i}`));

    const right = question.options.findIndex((o) => o.correct);
    // A double click (five at once): one answer.
    const clicks = Array.from({ length: 5 }, () => h.server.clickButton({ messageId: asked.id, customId: `practice:pick:train:${question.id}:${right}`, user: h.student.id }));
    const responses = await Promise.all(clicks.map((c) => c.response));
    expect(responses.filter((r) => r.type === 7)).toHaveLength(1); // UPDATE_MESSAGE: the feedback replaces the buttons
    const updated = h.server.message(asked.id)!;
    expect(updated.content).toContain('✅ **Correto!**');
    expect(updated.content).toContain('Treino: conta para pontos e estatísticas, não para a sequência.');
    expect(updated.components ?? []).toEqual([]);
    expect(updated.embeds[0]?.title).toBe('🏋️ Pergunta de treino');
    const others = await Promise.all(clicks.map((c) => c.waitForReply()));
    expect(others.filter((m) => m.id !== asked.id).map((m) => m.content)).toEqual(Array(4).fill('Você já respondeu esta pergunta. Só vale a primeira resposta. 😉'));

    expect(practiceRows(h.student.id)).toEqual([{ kind: 1, post_id: null, question_id: question.id, topic_id: '330.6', answer: JSON.stringify([String(right)]), correct: 1 }]);
    expect(getStreak(h.services.db, h.guild.id, h.student.id).current).toBe(0);
  });

  it('fill-in practice goes through the modal and accepts a differently typed answer', async () => {
    const question = h.services.bank.byTopic.get('330.3')!.find((q) => q.kind === 'fill-in')!;
    const user = h.server.createUser({ username: 'praticante', locale: 'pt-BR' });
    h.server.addMember(h.guild.id, user.id);
    let asked = await practice({ topic: '330.3' }, user.id);
    // 330.3 may hold other questions one day: ask until the fill-in one comes.
    for (let i = 0; i < 50 && customIds(asked)[0] !== `practice:type:train:${question.id}`; i++) asked = await practice({ topic: '330.3' }, user.id);
    expect(customIds(asked)).toEqual([`practice:type:train:${question.id}`]);
    const opened = h.server.clickButton({ messageId: asked.id, customId: `practice:type:train:${question.id}`, user: user.id });
    expect((await opened).type).toBe(9);
    const submitted = h.server.submitModal({ interaction: opened, values: { answer: '`QEMU-IMG  Create`' } });
    expect((await submitted).type).toBe(7);
    expect(h.server.message(asked.id)!.content).toContain('✅ **Correto!**');
    expect(practiceRows(user.id)).toMatchObject([{ kind: 1, question_id: question.id, correct: 1 }]);
  });

  it('without a topic: some question of the bank, in the asker\'s language', async () => {
    const asked = await practice({}, { username: 'reader', locale: 'en-US' });
    expect(asked.local.ephemeral).toBe(true);
    expect(asked.embeds[0]?.title).toBe('🏋️ Practice question');
    const id = customIds(asked)[0]!.split(':')[3]!;
    expect(h.services.bank.byId.has(id)).toBe(true);
  });

  it('a wrong answer shows the right one, the explanation and where to read more', async () => {
    const question = h.services.bank.byTopic.get('330.6')![0]!;
    if (question.kind !== 'single') throw new Error('expected single choice');
    const user = h.server.createUser({ username: 'errante', locale: 'pt-BR' });
    h.server.addMember(h.guild.id, user.id);
    const asked = await practice({ topic: '330.6' }, user.id);
    const wrong = question.options.findIndex((o) => !o.correct);
    await h.server.clickButton({ messageId: asked.id, customId: `practice:pick:train:${question.id}:${wrong}`, user: user.id });
    const content = h.server.message(asked.id)!.content;
    expect(content).toContain('❌ **Não foi dessa vez.** Resposta certa:');
    expect(content).toContain(question.options.find((o) => o.correct)!.text);
    expect(content).toContain(question.explanation);
    expect(content).toContain('Leia mais com `/term');
    expect(practiceRows(user.id)).toMatchObject([{ correct: 0 }]);
  });
});
