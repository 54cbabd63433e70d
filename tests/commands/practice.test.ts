/** `/practice` through the local Discord: private question, same answering flow, recorded as practice. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../src/format/markdown.ts';
import { getStreak } from '../../src/progress/index.ts';
import type { LocalMessage } from '../../localdiscord/index.ts';
import { parseOrder, type OptionOrder, type Question } from '../../src/questions/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { customIds } from '../support/localdiscord-harness.ts';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(async () => {
  await h?.close();
});

const practice = (options: Record<string, string> = {}, user: string | { username: string; locale?: string } = h.student.id) =>
  h.server.runSlashCommand({ channelId: h.channelId, user, name: 'practice', options }).waitForReply();

/** The order a practice message shows its options in (carried in its custom ids: `answer:pick:train:<id>:<order>:<shown>`). */
const orderOf = (message: LocalMessage): OptionOrder => parseOrder(customIds(message)[0]!.split(':')[4]!)!;

/** The question a practice message asks (its id is in the custom ids). */
const questionOf = (message: LocalMessage): Question => h.services.bank.byId.get(customIds(message)[0]!.split(':')[3]!)!;

/** Asks `/practice topic` until a question of `kind` comes (topics mix kinds; the choice is random). */
async function practiceOf(kind: Question['kind'], topic: string, user: string): Promise<{ asked: LocalMessage; question: Question }> {
  for (let attempt = 0; attempt < 300; attempt++) {
    const asked = await practice({ topic }, user);
    const question = questionOf(asked);
    expect(question.topic).toBe(topic);
    if (question.kind === kind) return { asked, question };
  }
  throw new Error(`no ${kind} question came up in ${topic}`);
}

/** The topic where a `kind` question is most likely to come up. */
function topicWith(kind: Question['kind']): string {
  const topics = [...h.services.bank.byTopic].filter(([, questions]) => questions.some((q) => q.kind === kind));
  topics.sort(([, a], [, b]) => b.filter((q) => q.kind === kind).length / b.length - a.filter((q) => q.kind === kind).length / a.length);
  return topics[0]![0];
}

function newMember(username: string): string {
  const user = h.server.createUser({ username, locale: 'pt-BR' });
  h.server.addMember(h.guild.id, user.id);
  return user.id;
}

const practiceRows = (userId: string) =>
  h.services.db.all('SELECT kind, post_id, question_id, topic_id, answer, correct FROM answers WHERE user_id = ? ORDER BY id', [userId]);

describe('/practice', () => {
  it('a single-choice question only the asker sees; the answer is recorded as practice and shown in place', async () => {
    const topic = topicWith('single');
    const { asked, question } = await practiceOf('single', topic, h.student.id);
    if (question.kind !== 'single') throw new Error('unreachable');
    const label = h.services.knowledge.topics.get(topic)!;
    expect(asked.local.ephemeral).toBe(true);
    expect(asked.local.visibleTo).toBe(h.student.id);
    expect(asked.embeds[0]?.title).toBe('🏋️ Pergunta de treino');
    expect(asked.embeds[0]?.fields?.find((f) => f.name === 'Tópico')?.value).toBe(`${label.id} ${label.title}`);
    const order = orderOf(asked);
    expect(order).toHaveLength(question.options.length);
    expect(customIds(asked)).toEqual(question.options.map((_, i) => `answer:pick:train:${question.id}:${order.join('')}:${i}`));
    order.forEach((file, i) => expect(asked.embeds[0]?.description).toContain(`**${'ABCDEF'[i]})** ${question.options[file]!.text}`));

    // The shown position of the right option; the answers table keeps its index in the file.
    const right = order.findIndex((file) => question.options[file]!.correct);
    // A double click (five at once): one answer.
    const clicks = Array.from({ length: 5 }, () => h.server.clickButton({ messageId: asked.id, customId: customIds(asked)[right]!, user: h.student.id }));
    const responses = await Promise.all(clicks.map((c) => c.response));
    expect(responses.filter((r) => r.type === 7)).toHaveLength(1); // UPDATE_MESSAGE: the feedback replaces the buttons
    const updated = h.server.message(asked.id)!;
    expect(updated.content).toContain('✅ **Correto!**');
    expect(updated.content).toContain('Treino: conta para pontos e estatísticas, não para a sequência.');
    // The answer buttons give way to "📖 Notas", which opens exactly the cited entry.
    expect(customIds(updated)).toEqual([`term:note:${question.source}`]);
    expect(updated.embeds[0]?.title).toBe('🏋️ Pergunta de treino');
    const others = await Promise.all(clicks.map((c) => c.waitForReply()));
    expect(others.filter((m) => m.id !== asked.id).map((m) => m.content)).toEqual(Array(4).fill('Você já respondeu esta pergunta. Só vale a primeira resposta. 😉'));

    expect(await practiceRows(h.student.id)).toEqual([{ kind: 1, post_id: null, question_id: question.id, topic_id: topic, answer: JSON.stringify([String(order[right])]), correct: 1 }]);
    expect((await getStreak(h.services.db, h.guild.id, h.student.id)).current).toBe(0);
  });

  // Harmless differences only: a shell prompt, backticks, a capital first letter, a trailing period (option case matters).
  const capitalized = (answer: string) => answer.charAt(0).toUpperCase() + answer.slice(1);

  it('fill-in practice goes through the modal and accepts a differently typed answer', async () => {
    const user = newMember('praticante');
    const { asked, question } = await practiceOf('fill-in', topicWith('fill-in'), user);
    if (question.kind !== 'fill-in') throw new Error('unreachable');
    expect(customIds(asked)).toEqual([`answer:type:train:${question.id}`]);
    const opened = h.server.clickButton({ messageId: asked.id, customId: `answer:type:train:${question.id}`, user });
    expect((await opened).type).toBe(9);
    const submitted = h.server.submitModal({ interaction: opened, values: { answer: `# \`${capitalized(question.answers[0]!)}\`.` } });
    expect((await submitted).type).toBe(7);
    expect(h.server.message(asked.id)!.content).toContain('✅ **Correto!**');
    expect(await practiceRows(user)).toMatchObject([{ kind: 1, question_id: question.id, correct: 1 }]);
  });

  it('without a topic: some question of the bank, in the asker\'s language', async () => {
    const asked = await practice({}, { username: 'reader', locale: 'en-US' });
    expect(asked.local.ephemeral).toBe(true);
    expect(asked.embeds[0]?.title).toBe('🏋️ Practice question');
    const id = customIds(asked)[0]!.split(':')[3]!;
    expect(h.services.bank.byId.has(id)).toBe(true);
  });

  it('an answer whose recording failed can be given again: the failure does not count as the first answer', async () => {
    const user = newMember('persistente');
    const { asked, question } = await practiceOf('single', topicWith('single'), user);
    if (question.kind !== 'single') throw new Error('unreachable');
    const right = orderOf(asked).findIndex((file) => question.options[file]!.correct);
    // The next insert into answers fails (a trigger of this test database only).
    if (h.services.db.dialect === 'sqlite') {
      await h.services.db.run(`CREATE TEMP TRIGGER refuse_answers BEFORE INSERT ON answers BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    } else {
      await h.services.db.run(`CREATE FUNCTION refuse_answers() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk I/O error'; END $$`);
      await h.services.db.run('CREATE TRIGGER refuse_answers BEFORE INSERT ON answers FOR EACH ROW EXECUTE FUNCTION refuse_answers()');
    }
    try {
      const failed = await h.server.clickButton({ messageId: asked.id, customId: customIds(asked)[right]!, user }).waitForReply();
      expect(failed.content).toMatch(/Algo deu errado/);
    } finally {
      await h.services.db.run(h.services.db.dialect === 'sqlite' ? 'DROP TRIGGER temp.refuse_answers' : 'DROP TRIGGER refuse_answers ON answers');
    }
    await h.server.clickButton({ messageId: asked.id, customId: customIds(asked)[right]!, user }).response;
    expect(h.server.message(asked.id)!.content).toContain('✅ **Correto!**');
    expect(await practiceRows(user)).toMatchObject([{ correct: 1 }]);
  });

  it('a wrong answer shows the right one, the explanation and where to read more', async () => {
    const user = newMember('errante');
    const { asked, question } = await practiceOf('single', topicWith('single'), user);
    if (question.kind !== 'single') throw new Error('unreachable');
    const wrong = orderOf(asked).findIndex((file) => !question.options[file]!.correct);
    await h.server.clickButton({ messageId: asked.id, customId: customIds(asked)[wrong]!, user });
    const content = h.server.message(asked.id)!.content;
    expect(content).toContain('❌ **Não foi dessa vez.** Resposta certa:');
    expect(content).toContain(question.options.find((o) => o.correct)!.text);
    expect(content).toContain(question.explanation);
    const cited = h.services.knowledge.entries.get(question.source)!;
    // The title as a member reads it: escaped (some titles hold brackets or quotes of config syntax).
    expect(content).toContain(`📖 **Fonte nas anotações:** ${escapeMarkdown(cited.title, { keepLinks: true })} — ${question.topic} `);
    expect(await practiceRows(user)).toMatchObject([{ correct: 0 }]);
    const notes = await h.server.clickButton({ messageId: asked.id, customId: `term:note:${question.source}`, user }).waitForReply();
    expect(notes.local.ephemeral).toBe(true);
    expect(notes.id).not.toBe(asked.id); // a new private message: the feedback stays
    expect(notes.embeds[0]?.title).toBe(cited.title);

    // Notes reloaded without that entry: the button says so, in the reader's language, and opens nothing else.
    h.services.knowledge.entries.delete(cited.id);
    try {
      const gone = await h.server.clickButton({ messageId: asked.id, customId: `term:note:${question.source}`, user, locale: 'en-US' }).waitForReply();
      expect(gone.local.ephemeral).toBe(true);
      expect(gone.embeds).toEqual([]);
      expect(gone.content).toBe('That passage is no longer in the notes (they may have been updated). Search again with `/term`.');
    } finally {
      h.services.knowledge.entries.set(cited.id, cited);
    }
  });
});
