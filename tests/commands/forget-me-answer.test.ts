/**
 * `/forget-me` and the open daily question (issue 12): one answer per member per post, forgotten or not. The
 * member cannot answer today's post again (nor score again); the small record of it goes when the window closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { LocalMessage } from '../../localdiscord/index.ts';
import { parseOrder, type SingleChoiceQuestion } from '../../src/questions/index.ts';
import { askOnly } from '../support/ask-only.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

const SP = 'America/Sao_Paulo';
const at = (iso: string) => DateTime.fromISO(iso, { zone: SP }).toMillis();

describe('/forget-me with today\'s question still open', () => {
  let h: BotHarness;
  let single: SingleChoiceQuestion;
  beforeAll(async () => {
    h = await startBotHarness({ now: at('2024-06-03T08:00') });
    single = h.services.bank.questions.find((q): q is SingleChoiceQuestion => q.kind === 'single')!;
    // The daily posts ask `single`.
    await askOnly(h.services.db, h.services.bank, h.guild.id, single.id);
    const setup = await h.server
      .runSlashCommand({ channelId: h.channelId, user: h.admin, name: 'quiz', subcommand: 'setup', options: { channel: h.channelId, time: '09:00', timezone: SP } })
      .waitForReply();
    expect(setup.content).toContain('✅');
  });
  afterAll(async () => {
    await h?.close();
  });

  const dailyPosts = () => h.server.messages(h.channelId, { ephemeral: false }).filter((m) => m.local.interactionId === null);
  async function postAt(iso: string): Promise<{ post: LocalMessage; postId: number }> {
    h.clock.set(at(iso));
    await h.bot.quiz.tick();
    const post = dailyPosts().at(-1)!;
    const postId = (await h.services.db.get<{ id: number }>('SELECT id FROM quiz_posts WHERE guild_id = ? AND message_id = ?', [h.guild.id, post.id]))!.id;
    return { post, postId };
  }
  /** The shown position of the right option, in the order stored with the post. */
  const right = async (postId: number) => {
    const order = parseOrder((await h.services.db.get<{ option_order: string }>('SELECT option_order FROM quiz_posts WHERE id = ?', [postId]))!.option_order)!;
    return order.findIndex((file) => single.options[file]!.correct);
  };
  const click = async (post: LocalMessage, postId: number) =>
    h.server.clickButton({ messageId: post.id, customId: `answer:pick:day:${postId}:${await right(postId)}`, user: h.student.id }).waitForReply();
  async function forgetMe(): Promise<string> {
    const prompt = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'forget-me' }).waitForReply();
    const done = await h.server.clickButton({ messageId: prompt.id, customId: `forget-me:confirm:${h.student.id}`, user: h.student.id }).waitForReply();
    return done.content;
  }
  const studentRows = async (table: 'answers' | 'member_progress') =>
    (await h.services.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?`, [h.student.id]))!.n;
  const remembered = () => h.services.db.all('SELECT post_id, user_id FROM forgotten_answers ORDER BY post_id, user_id');

  it('answering again after /forget-me is refused as already answered, and scores nothing', async () => {
    const { post, postId } = await postAt('2024-06-03T09:00');
    expect((await click(post, postId)).content).toContain('✅ **Correto!**');
    expect(await forgetMe()).toMatch(/Apaguei 1 resposta/);
    expect(await studentRows('answers')).toBe(0);

    h.clock.set(at('2024-06-03T10:00'));
    expect((await click(post, postId)).content).toBe('Você já respondeu esta pergunta. Só vale a primeira resposta. 😉');
    expect(await studentRows('answers')).toBe(0);
    expect(await studentRows('member_progress')).toBe(0);
    // All that is kept: which open post, and who. No answer, no time, no points.
    expect(await remembered()).toEqual([{ post_id: postId, user_id: h.student.id }]);
  });

  it('the record goes when the window closes, and the next post can be answered as usual', async () => {
    await h.services.db.run('DELETE FROM quiz_used_questions WHERE guild_id = ? AND question_id = ?', [h.guild.id, single.id]); // asked again
    const { post, postId } = await postAt('2024-06-04T09:00'); // closes (and reveals) Monday's post
    expect(await remembered()).toEqual([]);
    expect((await click(post, postId)).content).toContain('✅ **Correto!**');
    expect(await studentRows('answers')).toBe(1);
  });
});
