/**
 * The options' order through the local Discord with the real bot: drawn with the claim, stored with the post, and
 * the same on the first send after a restart, on the buttons, in the grading and at the reveal; answers stored
 * by file index; buttons of older versions (`practice:…`, file order) still graded; /practice orders survive a
 * restart (they travel in the custom ids).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { APIUser } from 'discord-api-types/v10';
import type { RunningBot } from '../../bot/bot.ts';
import { questionPicker } from '../../bot/quiz/publish.ts';
import type { BotServices } from '../../bot/services.ts';
import type { LocalMessage } from '../../localdiscord/index.ts';
import {
  fallbackOrder,
  parseOrder,
  serializeOrder,
  type OptionOrder,
  type Question,
  type SingleChoiceQuestion,
} from '../../src/questions/index.ts';
import { claimDuePost } from '../../src/schedule/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { customIds } from '../support/localdiscord-harness.ts';
import { restartBot } from '../support/restart-bot.ts';
import { askOnly } from '../support/ask-only.ts';

const SP = 'America/Sao_Paulo';
const at = (iso: string) => DateTime.fromISO(iso, { zone: SP }).toMillis();
const LETTERS = 'ABCDEF';

let h: BotHarness;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await h?.close();
});

async function harness(): Promise<BotHarness> {
  h = await startBotHarness({ now: at('2024-06-03T08:00') });
  return h;
}

/** A curated single-choice question with 3+ options (so a rotated order moves every option). */
const singleOf = (services: BotServices): SingleChoiceQuestion =>
  services.bank.questions.find((q): q is SingleChoiceQuestion => q.kind === 'single' && !q.generated && q.options.length >= 3)!;

/** A restart (crash or deploy) on the same database file and local Discord; the new bot is closed after the test. */
async function restart(current: { bot: RunningBot; services: BotServices }): Promise<{ bot: RunningBot; services: BotServices }> {
  const restarted = await restartBot(h, current);
  cleanups.push(restarted.close);
  return restarted;
}

/** The harness server, its daily question set to `questionId`. */
async function serverAsking(questionId: string): Promise<void> {
  await askOnly(h.services.db, h.services.bank, h.guild.id, questionId);
  const setup = await h.server
    .runSlashCommand({ channelId: h.channelId, user: h.admin, name: 'quiz', subcommand: 'setup', options: { channel: h.channelId, time: '09:00', timezone: SP } })
    .waitForReply();
  expect(setup.content).toContain('✅');
}

const dailyPosts = (): LocalMessage[] => h.server.messages(h.channelId, { ephemeral: false }).filter((m) => m.local.interactionId === null);

/** The option lines of an embed as the bot writes them, in `order` (✅ on the right ones when revealed). */
const optionBlock = (question: SingleChoiceQuestion, order: OptionOrder, revealed = false) =>
  order.map((file, i) => `${revealed && question.options[file]!.correct ? '✅' : '▫️'} **${LETTERS[i]})** ${question.options[file]!.text}`).join('\n');

const label = (question: SingleChoiceQuestion, order: OptionOrder, shown: number) => `**${LETTERS[shown]})** ${question.options[order[shown]!]!.text}`;

const answerRows = (services: BotServices, userId: string) =>
  services.db.all<{ post_id: number | null; answer: string; correct: number }>('SELECT post_id, answer, correct FROM answers WHERE user_id = ? ORDER BY id', [userId]);

function member(username: string): APIUser {
  const user = h.server.createUser({ username, locale: 'pt-BR' });
  h.server.addMember(h.guild.id, user.id);
  return user;
}

describe('option order of a daily post', () => {
  it('drawn with the claim and stored: the first send after a restart, the buttons, the grading and the reveal all use it', async () => {
    await harness();
    const single = singleOf(h.services);
    await serverAsking(single.id);

    // The bot claims at 09:00 with its own picker, then dies before sending.
    h.clock.set(at('2024-06-03T09:00'));
    const outcome = await claimDuePost(h.services.db, h.guild.id, h.clock.now, questionPicker(h.services, h.clock.now));
    if (!outcome.claimed) throw new Error(`not claimed: ${outcome.reason}`);
    const postId = outcome.post.id;
    const drawn = parseOrder(outcome.post.optionOrder!)!;
    expect([...drawn].sort()).toEqual(single.options.map((_, i) => i));
    // Pin the stored order to a known one that moves every option, so a render in any other order shows.
    const order = single.options.map((_, i) => (i + 1) % single.options.length);
    await h.services.db.run('UPDATE quiz_posts SET option_order = ? WHERE id = ?', [serializeOrder(order), postId]);

    let live = await restart(h);
    h.clock.set(at('2024-06-03T09:01:05')); // the dead process's lease is over: the retry sends the claim
    await live.bot.quiz.tick();
    expect(dailyPosts()).toHaveLength(1);
    const post = dailyPosts()[0]!;
    expect(post.embeds[0]!.description).toContain(optionBlock(single, order));
    expect(customIds(post)).toEqual(order.map((_, i) => `answer:pick:day:${postId}:${i}`));

    // Another restart: the buttons are graded through the stored order.
    live = await restart(live);
    const right = order.findIndex((file) => single.options[file]!.correct);
    const wrong = (right + 1) % order.length;
    const click = (shown: number, user: APIUser) =>
      h.server.clickButton({ messageId: post.id, customId: `answer:pick:day:${postId}:${shown}`, user: user.id }).waitForReply();
    const good = member('acertou');
    expect((await click(right, good)).content).toContain('✅ **Correto!**');
    expect(await answerRows(live.services, good.id)).toEqual([{ post_id: postId, answer: JSON.stringify([String(order[right])]), correct: 1 }]);
    const bad = member('errou');
    const feedback = (await click(wrong, bad)).content;
    expect(feedback).toContain(`Resposta certa: ${label(single, order, right)}`);
    expect(feedback).toContain(`Sua resposta: ${label(single, order, wrong)}`);
    expect(await answerRows(live.services, bad.id)).toEqual([{ post_id: postId, answer: JSON.stringify([String(order[wrong])]), correct: 0 }]);

    // The reveal, by the restarted bot, marks the answer in the same order.
    h.clock.set(at('2024-06-04T09:00'));
    await live.bot.quiz.tick();
    const card = h.server.message(post.id)!.embeds[0]!;
    expect(card.description).toContain(optionBlock(single, order, true));
    expect(card.fields?.find((f) => f.name === 'Resposta certa')?.value).toBe(label(single, order, right));
    expect(card.footer?.text).toMatch(/^2 respostas, 50% acertaram\./);
  });

  it('buttons of an older version (practice:pick:day:<post>:<file index>, file order) are still graded', async () => {
    await harness();
    const single = singleOf(h.services);
    await serverAsking(single.id);
    h.clock.set(at('2024-06-03T09:00'));
    await h.bot.quiz.tick();
    const post = dailyPosts()[0]!;
    const postId = Number(customIds(post)[0]!.split(':')[3]);
    // What an older version left: no stored order (the migration's NULL), buttons with file indexes.
    await h.services.db.run('UPDATE quiz_posts SET option_order = NULL WHERE id = ?', [postId]);
    const channel = await h.bot.client.channels.fetch(h.channelId);
    if (!channel?.isSendable() || channel.isDMBased()) throw new Error('no channel');
    const legacyIds = single.options.map((_, i) => `practice:pick:day:${postId}:${i}`);
    await channel.messages.edit(post.id, {
      components: [{ type: 1, components: legacyIds.map((custom_id, i) => ({ type: 2, style: 1, label: LETTERS[i]!, custom_id })) }],
    });

    const fileRight = single.options.findIndex((o) => o.correct);
    const fileWrong = single.options.findIndex((o) => !o.correct);
    const good = member('antiga');
    const right = await h.server.clickButton({ messageId: post.id, customId: legacyIds[fileRight]!, user: good.id }).waitForReply();
    expect(right.content).toContain('✅ **Correto!**');
    expect(await answerRows(h.services, good.id)).toEqual([{ post_id: postId, answer: JSON.stringify([String(fileRight)]), correct: 1 }]);
    const bad = member('antigo');
    const wrong = await h.server.clickButton({ messageId: post.id, customId: legacyIds[fileWrong]!, user: bad.id }).waitForReply();
    const fileOrder = single.options.map((_, i) => i);
    expect(wrong.content).toContain(`Resposta certa: ${label(single, fileOrder, fileRight)}`);
    expect(wrong.content).toContain(`Sua resposta: ${label(single, fileOrder, fileWrong)}`);
    expect(await answerRows(h.services, bad.id)).toEqual([{ post_id: postId, answer: JSON.stringify([String(fileWrong)]), correct: 0 }]);

    // Its reveal shows the file order it was posted in.
    h.clock.set(at('2024-06-04T09:00'));
    await h.bot.quiz.tick();
    expect(h.server.message(post.id)!.embeds[0]!.description).toContain(optionBlock(single, fileOrder, true));
  });

  it('a stored order that no longer fits the question (bank edited) falls back to a fixed order: graded and revealed alike, no error', async () => {
    await harness();
    const single = singleOf(h.services);
    await serverAsking(single.id);
    h.clock.set(at('2024-06-03T09:00'));
    await h.bot.quiz.tick();
    const post = dailyPosts()[0]!;
    const postId = Number(customIds(post)[0]!.split(':')[3]);
    await h.services.db.run('UPDATE quiz_posts SET option_order = ? WHERE id = ?', ['10', postId]);
    const fallback = fallbackOrder(single, `post:${postId}`);

    const user = member('depois-da-edicao');
    const reply = await h.server.clickButton({ messageId: post.id, customId: `answer:pick:day:${postId}:0`, user: user.id }).waitForReply();
    const correct = single.options[fallback[0]!]!.correct;
    expect(reply.content).toContain(correct ? '✅ **Correto!**' : '❌ **Não foi dessa vez.**');
    expect(await answerRows(h.services, user.id)).toEqual([{ post_id: postId, answer: JSON.stringify([String(fallback[0])]), correct: Number(correct) }]);
    h.clock.set(at('2024-06-04T09:00'));
    await h.bot.quiz.tick();
    expect(h.server.message(post.id)!.embeds[0]!.description).toContain(optionBlock(single, fallback, true));
  });
});

describe('option order of /practice', () => {
  it('travels in the custom ids: after a restart, the shown right option is graded right and stored by file index', async () => {
    await harness();
    const user = member('treinando');
    let asked: LocalMessage | undefined;
    let question: Question | undefined;
    for (let attempt = 0; attempt < 300 && question?.kind !== 'single'; attempt++) {
      asked = await h.server.runSlashCommand({ channelId: h.channelId, user: user.id, name: 'practice', options: { topic: '330.2' } }).waitForReply();
      question = h.services.bank.byId.get(customIds(asked)[0]!.split(':')[3]!);
    }
    if (question?.kind !== 'single' || !asked) throw new Error('no single-choice practice question came up');
    const order = parseOrder(customIds(asked)[0]!.split(':')[4]!)!;
    expect(asked.embeds[0]!.description).toContain(optionBlock(question, order));

    const live = await restart(h);
    const right = order.findIndex((file) => question.options[file]!.correct);
    await h.server.clickButton({ messageId: asked.id, customId: customIds(asked)[right]!, user: user.id });
    expect(h.server.message(asked.id)!.content).toContain('✅ **Correto!**');
    expect(await answerRows(live.services, user.id)).toEqual([{ post_id: null, answer: JSON.stringify([String(order[right])]), correct: 1 }]);
  });
});
