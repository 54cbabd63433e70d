/** Members answering the daily question through the local Discord: buttons, select menu, modal, reveal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { APIUser } from 'discord-api-types/v10';
import { allCommands } from '../../commands/index.ts';
import type { LocalMessage } from '../../localdiscord/index.ts';
import { parseOrder, type FillInQuestion, type OptionOrder, type Question, type SingleChoiceQuestion } from '../../src/questions/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { customIds } from '../support/localdiscord-harness.ts';
import { askOnly } from '../support/ask-only.ts';

const SP = 'America/Sao_Paulo';
const at = (iso: string) => DateTime.fromISO(iso, { zone: SP }).toMillis();
const LETTERS = 'ABCDEF';

let h: BotHarness;
/** Questions of the bank the tests steer the daily posts to (found by kind, so the bank may grow freely). */
let single: SingleChoiceQuestion;
let fillIn: FillInQuestion;
beforeAll(async () => {
  h = await startBotHarness({ now: at('2024-06-03T08:00') });
  const curated = (q: Question) => !q.generated;
  single = h.services.bank.questions.find((q): q is SingleChoiceQuestion => q.kind === 'single' && curated(q))!;
  fillIn = h.services.bank.questions.find((q): q is FillInQuestion => q.kind === 'fill-in' && curated(q))!;
});

/** "**B)** text": the option the bot shows at position `index` of `order` (order[shown] = index in the file). */
const shown = (question: SingleChoiceQuestion, order: OptionOrder, index: number) => `**${LETTERS[index]})** ${question.options[order[index]!]!.text}`;

/** The option order stored with a daily post. */
const orderOf = async (postId: number | string): Promise<OptionOrder> =>
  parseOrder((await h.services.db.get<{ option_order: string }>('SELECT option_order FROM quiz_posts WHERE id = ?', [Number(postId)]))!.option_order)!;
/** Same answer, typed differently: upper case, accents on vowels, extra spaces. */
const retyped = (answer: string) => `  ${answer.toUpperCase().replace(/E/g, 'É').replace(/I/g, 'Í').replace(/ /g, '   ')} `;
afterAll(async () => {
  await h?.close();
});

/** A server whose next daily post is `questionId`: every other question is marked as already used this round. */
async function serverAsking(questionId: string, name: string) {
  h.clock.set(at('2024-06-03T08:00'));
  const guild = h.server.createGuild({ name, preferredLocale: 'pt-BR' });
  h.server.registerCommands(guild.id, allCommands.map((c) => c.data));
  h.server.addMember(guild.id, h.admin.id, { permissions: ['ManageGuild'] });
  await h.server.waitFor(() => h.bot.client.guilds.cache.has(guild.id), 5000, 'the bot to see the guild');
  await askOnly(h.services.db, h.services.bank, guild.id, questionId);
  const setup = await h.server
    .runSlashCommand({ channelId: guild.defaultChannelId, user: h.admin, name: 'quiz', subcommand: 'setup', options: { channel: guild.defaultChannelId, time: '09:00', timezone: SP } })
    .waitForReply();
  expect(setup.content).toContain('✅');
  return guild;
}

async function postedQuestion(channelId: string): Promise<LocalMessage> {
  h.clock.set(at('2024-06-03T09:00'));
  await h.bot.quiz.tick();
  const posted = h.server.messages(channelId, { ephemeral: false }).filter((m) => m.local.interactionId === null);
  expect(posted).toHaveLength(1);
  return posted[0]!;
}

const answersOf = (guildId: string, userId?: string) =>
  h.services.db.all<{ user_id: string; kind: number; post_id: number; answer: string; correct: number; points: number }>(
    `SELECT user_id, kind, post_id, question_id, answer, correct, points FROM answers WHERE guild_id = ? ${userId ? 'AND user_id = ?' : ''} ORDER BY id`,
    userId ? [guildId, userId] : [guildId],
  );

function member(guildId: string, username: string, locale = 'pt-BR'): APIUser {
  const user = h.server.createUser({ username, locale });
  h.server.addMember(guildId, user.id);
  return user;
}

describe('answering the daily question', () => {
  it('single choice: lettered buttons, feedback after the record, one answer per member, then the reveal', async () => {
    const guild = await serverAsking(single.id, 'Grupo single');
    const post = await postedQuestion(guild.defaultChannelId);
    const postId = (await h.services.db.get<{ id: number }>('SELECT id FROM quiz_posts WHERE guild_id = ?', [guild.id]))!.id;
    const order = await orderOf(postId);
    const label = (index: number) => shown(single, order, index);
    // Positions as shown; the answers table keeps the file index.
    const right = order.findIndex((file) => single.options[file]!.correct);
    const wrongChoice = (right + 1) % order.length;
    const topic = h.services.knowledge.topics.get(single.topic)!;
    const embed = post.embeds[0]!;
    expect(embed.description).toContain(single.prompt);
    order.forEach((_, i) => expect(embed.description).toContain(label(i)));
    expect(embed.fields?.find((f) => f.name === 'Tópico')?.value).toBe(`${topic.id} ${topic.title}`);
    expect(embed.footer?.text).toMatch(/^Escolha uma opção\./);
    expect(customIds(post)).toEqual(single.options.map((_, i) => `answer:pick:day:${postId}:${i}`));
    const click = (option: number, user: string | APIUser) =>
      h.server.clickButton({ messageId: post.id, customId: `answer:pick:day:${postId}:${option}`, user }).waitForReply();

    const correct = await click(right, h.student);
    expect(correct.local.ephemeral).toBe(true);
    expect(correct.local.visibleTo).toBe(h.student.id);
    expect(correct.local.allowedMentions).toEqual({ parse: [] });
    expect(correct.content).toContain('✅ **Correto!**');
    expect(correct.content).toContain(`**Explicação:** ${single.explanation}`);
    const cited = h.services.knowledge.entries.get(single.source)!;
    expect(correct.content).toContain(`📖 **Fonte nas anotações:** ${cited.title} — ${topic.id} ${topic.title} › ${cited.sectionPath.join(' › ')}`);
    expect(correct.content).not.toContain('/term');
    // "📖 Notas" opens exactly the cited entry, privately.
    expect(customIds(correct)).toEqual([`term:note:${single.source}`]);
    const notes = await h.server.clickButton({ messageId: correct.id, customId: `term:note:${single.source}`, user: h.student }).waitForReply();
    expect(notes.local.ephemeral).toBe(true);
    expect(notes.local.visibleTo).toBe(h.student.id);
    expect(notes.embeds[0]?.title).toBe(cited.title);
    expect(correct.content).toContain('🔥 Sequência: **1** dia.');
    expect(await answersOf(guild.id, h.student.id)).toEqual([
      { user_id: h.student.id, kind: 0, post_id: postId, question_id: single.id, answer: JSON.stringify([String(order[right])]), correct: 1, points: expect.any(Number) },
    ]);

    // A second click, even on another option, changes nothing.
    const second = await click(wrongChoice, h.student);
    expect(second.content).toBe('Você já respondeu esta pergunta. Só vale a primeira resposta. 😉');
    expect(await answersOf(guild.id, h.student.id)).toHaveLength(1);
    expect((await answersOf(guild.id, h.student.id))[0]!.correct).toBe(1);

    const wrong = await click(wrongChoice, h.admin);
    expect(wrong.content).toContain(`❌ **Não foi dessa vez.** Resposta certa: ${label(right)}`);
    expect(wrong.content).toContain(`Sua resposta: ${label(wrongChoice)}`);
    expect(wrong.content).toContain('🔥 Sequência: **1** dia.');

    const english = member(guild.id, 'reader', 'en-US');
    const inEnglish = await click(right, english.id);
    expect(inEnglish.content).toContain('✅ **Correct!**');
    expect(inEnglish.content).toContain('🔥 Streak: **1** day.');

    // The window closes when the next post is due: a click in between is refused, nothing recorded.
    h.clock.set(at('2024-06-04T09:00'));
    const late = member(guild.id, 'atrasada');
    expect((await click(right, late.id)).content).toBe('O prazo desta pergunta já acabou. A próxima vem amanhã!');
    expect(await answersOf(guild.id, late.id)).toEqual([]);

    // The tick reveals: the same message now shows the answer, the numbers, the explanation and the source.
    await h.bot.quiz.tick();
    const revealed = h.server.message(post.id)!;
    expect(revealed.local.editCount).toBe(1);
    // The answer buttons are gone; "📖 Notas" opens the cited entry for whoever clicks it.
    expect(customIds(revealed)).toEqual([`term:note:${single.source}`]);
    const fromReveal = await h.server.clickButton({ messageId: post.id, customId: `term:note:${single.source}`, user: late.id }).waitForReply();
    expect(fromReveal.local.ephemeral).toBe(true);
    expect(fromReveal.local.visibleTo).toBe(late.id);
    expect(fromReveal.embeds[0]?.title).toBe(cited.title);
    const card = revealed.embeds[0]!;
    expect(card.title).toBe('✅ Resposta — segunda-feira, 3 de junho de 2024');
    expect(card.description).toContain(`✅ ${label(right)}`);
    const fields = Object.fromEntries((card.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['Resposta certa']).toBe(label(right));
    expect(fields['Explicação']).toBe(single.explanation);
    expect(fields['Fonte nas anotações']).toBe(`${cited.title} — ${topic.id} ${topic.title} › ${cited.sectionPath.join(' › ')}`);
    expect(card.footer?.text).toMatch(/^3 respostas, 66,7% acertaram\./);
  });

  it('"📖 Notas" opens the cited entry itself, even where searching its title finds another one (issue 11.2)', async () => {
    // A question whose cited entry is not what searching for its title's head finds (the old "Leia mais com /term …").
    const misled = h.services.bank.questions.find((q): q is SingleChoiceQuestion => {
      const entry = h.services.knowledge.entries.get(q.source);
      if (q.kind !== 'single' || !entry) return false;
      const found = h.services.search.search(entry.title.split(' — ')[0]!, { limit: 1 }).results[0]?.entry;
      return found !== undefined && found.title !== entry.title;
    })!;
    expect(misled).toBeDefined();
    const cited = h.services.knowledge.entries.get(misled.source)!;
    const guild = await serverAsking(misled.id, 'Grupo notas');
    const post = await postedQuestion(guild.defaultChannelId);
    const postId = customIds(post)[0]!.split(':')[3];
    const feedback = await h.server.clickButton({ messageId: post.id, customId: `answer:pick:day:${postId}:0`, user: h.student }).waitForReply();
    const notes = await h.server.clickButton({ messageId: feedback.id, customId: customIds(feedback)[0]!, user: h.student }).waitForReply();
    expect(notes.local.ephemeral).toBe(true);
    expect(notes.embeds[0]?.title).toBe(cited.title);
    expect(notes.embeds[0]?.footer?.text).toContain(cited.sectionPath.at(-1));
  });

  it('a click storm from one member (20 at once) records exactly one answer, and every click gets a reply', async () => {
    const guild = await serverAsking(single.id, 'Grupo storm');
    const post = await postedQuestion(guild.defaultChannelId);
    const postId = customIds(post)[0]!.split(':')[3];
    const stormer = member(guild.id, 'apressada');
    const handles = Array.from({ length: 20 }, (_, i) =>
      h.server.clickButton({ messageId: post.id, customId: `answer:pick:day:${postId}:${i % single.options.length}`, user: stormer.id }),
    );
    const replies = await Promise.all(handles.map((handle) => handle.waitForReply()));
    const recorded = replies.filter((r) => /Correto|Não foi dessa vez/.test(r.content));
    expect(recorded).toHaveLength(1);
    expect(replies.filter((r) => r.content.includes('Você já respondeu'))).toHaveLength(19);
    const rows = await answersOf(guild.id, stormer.id);
    expect(rows).toHaveLength(1);
    // The reply that says "recorded" tells the truth about the row that was kept.
    expect(recorded[0]!.content.includes('Correto')).toBe(rows[0]!.correct === 1);
  });

  it('fill-in: the button opens a modal; different case, accents and spaces are accepted', async () => {
    const guild = await serverAsking(fillIn.id, 'Grupo fill-in');
    const post = await postedQuestion(guild.defaultChannelId);
    expect(post.embeds[0]!.footer?.text).toMatch(/^Digite a resposta\./);
    const [button] = customIds(post);
    expect(button).toMatch(/^answer:type:day:\d+$/);

    const opened = h.server.clickButton({ messageId: post.id, customId: button!, user: h.student });
    const modal = await opened;
    expect(modal.type).toBe(9);
    if (modal.type !== 9) return;
    expect(modal.modal.title).toBe('Sua resposta');
    expect(modal.modal.custom_id).toBe(button!.replace(':type:', ':typed:'));
    const typed = retyped(fillIn.answers[0]!);
    expect(typed).not.toBe(fillIn.answers[0]);
    const reply = await h.server.submitModal({ interaction: opened, values: { answer: typed } }).waitForReply();
    expect(reply.local.ephemeral).toBe(true);
    expect(reply.content).toContain('✅ **Correto!**');
    expect(await answersOf(guild.id, h.student.id)).toMatchObject([{ answer: JSON.stringify(typed.trim()), correct: 1 }]);

    const again = h.server.clickButton({ messageId: post.id, customId: button!, user: h.student });
    await again;
    expect((await h.server.submitModal({ interaction: again, values: { answer: 'anything else' } }).waitForReply()).content).toContain('Você já respondeu');
    expect(await answersOf(guild.id, h.student.id)).toHaveLength(1);

    const other = member(guild.id, 'chutadora');
    const guess = h.server.clickButton({ messageId: post.id, customId: button!, user: other.id });
    await guess;
    const wrong = await h.server.submitModal({ interaction: guess, values: { answer: 'rm -rf /' } }).waitForReply();
    expect(wrong.content).toContain(`Resposta certa: \`${fillIn.answers[0]}\``);
    expect(wrong.content).toContain('Sua resposta: `rm -rf /`');
  });

  it('multiple choice: a select menu (1 to n), graded all-or-nothing', async () => {
    const multiple = h.services.bank.questions.find((q) => q.kind === 'multiple')!;
    if (multiple.kind !== 'multiple') throw new Error('no multiple-choice question in the bank');
    const guild = await serverAsking(multiple.id, 'Grupo multiple');
    const post = await postedQuestion(guild.defaultChannelId);
    const row = post.components![0] as { components: Array<{ custom_id: string; min_values: number; max_values: number; options: { label: string; value: string }[] }> };
    const select = row.components[0]!;
    expect(select.custom_id).toMatch(/^answer:multi:day:\d+$/);
    expect([select.min_values, select.max_values]).toEqual([1, multiple.options.length]);
    // Values are shown positions; each label shows the option stored at that position of the post's order.
    const order = await orderOf(select.custom_id.split(':')[3]!);
    expect(select.options.map((o) => o.value)).toEqual(multiple.options.map((_, i) => String(i)));
    expect(select.options.map((o) => o.label)).toEqual(order.map((file, i) => `${LETTERS[i]}) ${multiple.options[file]!.text}`.slice(0, 100)));

    const correct = order.flatMap((file, i) => (multiple.options[file]!.correct ? [String(i)] : []));
    const inFile = (shownValues: string[]) => shownValues.map((v) => order[Number(v)]!).sort((a, b) => a - b).map(String);
    const right = await h.server.selectOptions({ messageId: post.id, customId: select.custom_id, values: correct, user: h.student }).waitForReply();
    expect(right.content).toContain('✅ **Correto!**');
    const partial = member(guild.id, 'quase');
    const half = await h.server.selectOptions({ messageId: post.id, customId: select.custom_id, values: correct.slice(0, 1), user: partial.id }).waitForReply();
    expect(half.content).toContain('❌ **Não foi dessa vez.**');
    expect((await answersOf(guild.id)).map((a) => [a.answer, a.correct])).toEqual([
      [JSON.stringify(inFile(correct)), 1],
      [JSON.stringify(inFile(correct.slice(0, 1))), 0],
    ]);
  });

  it('nobody answered: the reveal says so and still shows the answer', async () => {
    const guild = await serverAsking(fillIn.id, 'Grupo silencioso');
    const post = await postedQuestion(guild.defaultChannelId);
    h.clock.set(at('2024-06-04T09:00'));
    await h.bot.quiz.tick();
    const card = h.server.message(post.id)!.embeds[0]!;
    expect(card.footer?.text).toMatch(/^Ninguém respondeu desta vez\./);
    expect(card.fields?.find((f) => f.name === 'Resposta certa')?.value).toBe(`\`${fillIn.answers[0]}\``);
    // The next day's question is out in the same tick.
    expect(h.server.messages(guild.defaultChannelId, { ephemeral: false }).filter((m) => m.local.interactionId === null)).toHaveLength(2);
  });
});
