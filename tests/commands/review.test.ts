/**
 * Personal spaced review through the local Discord with the real bot: daily answers become cards, /review serves
 * the due ones (question cards through the answer route, flashcards from /term's ➕ Revisar), every answer is
 * committed before the reply and counted once; missed daily questions, retention, /stats and /forget-me.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { LocalMessage } from '../../localdiscord/index.ts';
import { recordDailyAnswer } from '../../src/progress/index.ts';
import { parseOrder, type SingleChoiceQuestion } from '../../src/questions/index.ts';
import { askOnly } from '../support/ask-only.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { customIds } from '../support/localdiscord-harness.ts';

const SP = 'America/Sao_Paulo';
const at = (iso: string) => DateTime.fromISO(iso, { zone: SP }).toMillis();

const fieldsOf = (message: LocalMessage) => Object.fromEntries((message.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));

interface CardRow {
  card_key: string;
  reps: number;
  state: number;
  due: number;
}

describe('/review', () => {
  let h: BotHarness;
  let monday: SingleChoiceQuestion;
  let tuesday: SingleChoiceQuestion;
  let other: string;
  beforeAll(async () => {
    h = await startBotHarness({ now: at('2024-06-03T08:00') });
    const singles = h.services.bank.questions.filter((q): q is SingleChoiceQuestion => q.kind === 'single');
    monday = singles[0]!;
    tuesday = singles.find((q) => q.id !== monday.id && q.topic !== monday.topic)!;
    await askOnly(h.services.db, h.services.bank, h.guild.id, monday.id);
    const otherUser = h.server.createUser({ username: 'colega', locale: 'pt-BR' });
    h.server.addMember(h.guild.id, otherUser.id);
    other = otherUser.id;
    const setup = await h.server
      .runSlashCommand({ channelId: h.channelId, user: h.admin, name: 'quiz', subcommand: 'setup', options: { channel: h.channelId, time: '09:00', timezone: SP } })
      .waitForReply();
    expect(setup.content).toContain('✅');
  });
  afterAll(async () => {
    await h?.close();
  });

  const db = () => h.services.db;
  const cards = (userId: string) =>
    db().all<CardRow>('SELECT card_key, reps, state, due FROM review_cards WHERE guild_id = ? AND user_id = ? ORDER BY card_key', [h.guild.id, userId]);
  const card = async (userId: string, key: string) => (await cards(userId)).find((c) => c.card_key === key);
  const dailyPosts = () => h.server.messages(h.channelId, { ephemeral: false }).filter((m) => m.local.interactionId === null);
  async function postAt(iso: string): Promise<{ post: LocalMessage; postId: number }> {
    h.clock.set(at(iso));
    await h.bot.quiz.tick();
    const post = dailyPosts().at(-1)!;
    const postId = (await db().get<{ id: number }>('SELECT id FROM quiz_posts WHERE guild_id = ? AND message_id = ?', [h.guild.id, post.id]))!.id;
    return { post, postId };
  }
  /** The shown position of the right (or a wrong) option of a daily post, in its stored order. */
  const shownPosition = async (question: SingleChoiceQuestion, postId: number, correct: boolean) => {
    const order = parseOrder((await db().get<{ option_order: string }>('SELECT option_order FROM quiz_posts WHERE id = ?', [postId]))!.option_order)!;
    return order.findIndex((file) => question.options[file]!.correct === correct);
  };
  const review = (user: string = h.student.id) => h.server.runSlashCommand({ channelId: h.channelId, user, name: 'review' }).waitForReply();
  const click = (message: LocalMessage, customId: string, user: string = h.student.id) => h.server.clickButton({ messageId: message.id, customId, user });

  it('a wrong daily answer makes the card, due at once (Again); a member who took part and let a post pass gets its card the next local day', async () => {
    const { post, postId } = await postAt('2024-06-03T09:00');
    const wrong = await click(post, `answer:pick:day:${postId}:${await shownPosition(monday, postId, false)}`).waitForReply();
    expect(wrong.content).toContain('❌');
    const right = await click(post, `answer:pick:day:${postId}:${await shownPosition(monday, postId, true)}`, other).waitForReply();
    expect(right.content).toContain('✅');
    // Stepped by the card stepper after the answers' commit: Again → learning (1), due within minutes.
    await h.services.dailyAnswers.cardStepsIdle();
    const studentCard = (await card(h.student.id, `q:${monday.id}`))!;
    expect(studentCard).toMatchObject({ reps: 1, state: 1 });
    expect(studentCard.due).toBeLessThanOrEqual(at('2024-06-03T09:00') + 60_000);
    expect(await card(other, `q:${monday.id}`)).toMatchObject({ reps: 1 });

    // Tuesday: only the student answers; the colleague took part on Monday, so Tuesday's question becomes their
    // card when its window closes (Wednesday's post), due at the start of Wednesday in the server's zone.
    await db().run('DELETE FROM quiz_used_questions WHERE guild_id = ?', [h.guild.id]);
    await askOnly(db(), h.services.bank, h.guild.id, tuesday.id);
    const second = await postAt('2024-06-04T09:00');
    await click(second.post, `answer:pick:day:${second.postId}:${await shownPosition(tuesday, second.postId, true)}`).waitForReply();
    await h.services.dailyAnswers.cardStepsIdle();
    expect(await card(other, `q:${tuesday.id}`)).toBeUndefined();
    await db().run('DELETE FROM quiz_used_questions WHERE guild_id = ?', [h.guild.id]);
    await askOnly(db(), h.services.bank, h.guild.id, monday.id);
    await postAt('2024-06-05T09:00');
    expect(await card(other, `q:${tuesday.id}`)).toMatchObject({ reps: 0, state: 0, due: at('2024-06-05T00:00') });
    // Nobody who never answered a daily gets cards; the student answered Tuesday's post, so no miss for them.
    expect(await cards(h.admin.id)).toEqual([]);
    expect(await card(h.student.id, `q:${tuesday.id}`)).toMatchObject({ reps: 1 });
  });

  it('/review shows the due card; one answer of five clicks is recorded, committed before the reply; then the next due time', async () => {
    h.clock.set(at('2024-06-05T10:00'));
    const asked = await review();
    const twin = await review();
    expect(asked.local.ephemeral).toBe(true);
    expect(asked.local.allowedMentions).toMatchObject({ parse: [] });
    const due = (await cards(h.student.id)).filter((c) => c.due <= h.clock.now);
    expect(due.length).toBeGreaterThan(0);
    expect(asked.content).toBe(due.length === 1 ? '📚 1 cartão vence agora.' : `📚 ${due.length} cartões vencem agora.`);
    expect(asked.embeds[0]?.title).toBe('🧠 Revisão');
    // The longest-waiting card first: Monday's (due since Monday).
    const [first] = customIds(asked);
    const [, , mode, questionId, order, reps] = first!.split(':');
    expect([mode, questionId, reps]).toEqual(['rev', monday.id, '1']);
    const right = parseOrder(order!)!.findIndex((file) => monday.options[file]!.correct);

    const before = { answers: (await db().get<{ v: number }>('SELECT count(*) AS v FROM answers WHERE user_id = ? AND kind = 1', [h.student.id]))!.v };
    const clicks = Array.from({ length: 5 }, () => click(asked, `answer:pick:rev:${monday.id}:${order}:1:${right}`));
    const responses = await Promise.all(clicks.map((c) => c.response));
    expect(responses.filter((r) => r.type === 7)).toHaveLength(1); // the one answer updates the message in place
    const refused = await Promise.all(clicks.filter((_, i) => responses[i]!.type !== 7).map((c) => c.waitForReply()));
    for (const message of refused) expect(message.content).toBe('Este cartão já foi respondido. Use Próximo ou `/review`.');

    const answered = h.server.message(asked.id)!;
    expect(answered.content).toContain('✅ **Correto!**');
    expect(answered.content).toContain('Revisão: conta para pontos e estatísticas, não para a sequência.');
    const stepped = (await card(h.student.id, `q:${monday.id}`))!;
    expect(stepped.reps).toBe(2);
    expect(answered.content).toContain(`🔁 Este cartão volta <t:${Math.floor(stepped.due / 1000)}:R>.`);
    expect(customIds(answered)).toEqual([`term:note:${monday.source}`, 'review:next']);
    // Counted once, for points and stats (a practice-kind answer), and once as a review; not for the streak.
    expect((await db().get<{ v: number }>('SELECT count(*) AS v FROM answers WHERE user_id = ? AND kind = 1', [h.student.id]))!.v).toBe((before.answers as number) + 1);
    expect((await db().get<{ v: number }>('SELECT count(*) AS v FROM review_log WHERE user_id = ?', [h.student.id]))!.v).toBe(1);

    // The answer buttons gave way to the notes and "Próximo".
    expect(() => click(answered, `answer:pick:rev:${monday.id}:${order}:1:${right}`)).toThrow(/no component/);
    // The same card shown on another /review message before this answer (another window, a restart): refused
    // by the card's reps in the database, nothing written.
    const twinId = customIds(twin).find((id) => id.startsWith(`answer:pick:rev:${monday.id}:`))!;
    expect((await click(twin, twinId).waitForReply()).content).toBe('Este cartão já foi respondido. Use Próximo ou `/review`.');
    expect((await card(h.student.id, `q:${monday.id}`))!.reps).toBe(2);
    expect((await db().get<{ v: number }>('SELECT count(*) AS v FROM review_log WHERE user_id = ?', [h.student.id]))!.v).toBe(1);

    // "Próximo": the rest, one by one, until none is due; then when the next one is.
    let screen = await click(answered, 'review:next').waitForReply();
    while (customIds(screen).some((id) => id.startsWith('answer:pick:rev:'))) {
      const id = customIds(screen)[0]!;
      await click(screen, id).response;
      screen = await click(h.server.message(screen.id)!, 'review:next').waitForReply();
    }
    const next = Math.min(...(await cards(h.student.id)).map((c) => c.due));
    expect(next).toBeGreaterThan(h.clock.now);
    expect(screen.content).toBe(`✨ Nada para revisar agora. O próximo cartão vence <t:${Math.floor(next / 1000)}:R>.`);
    expect(screen.components ?? []).toEqual([]);
  });

  it('/term ➕ Revisar adds a flashcard once; /review shows its front, turns it over, and the first self-rating counts', async () => {
    const entry = h.services.knowledge.entries.get(monday.source)!;
    const term = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'term', options: { query: entry.id } }).waitForReply();
    expect(customIds(term)).toContain(`term:review:${entry.id}`);
    const added = await click(term, `term:review:${entry.id}`).waitForReply();
    expect(added.local.ephemeral).toBe(true);
    expect(added.content).toContain('entrou na sua revisão');
    expect((await click(term, `term:review:${entry.id}`).waitForReply()).content).toContain('já está na sua revisão');
    expect(await card(h.student.id, `e:${entry.id}`)).toMatchObject({ reps: 0, state: 0 });

    const front = await review();
    expect(front.content).toBe('📚 1 cartão vence agora.');
    expect(front.embeds[0]?.title).toBe(entry.title);
    expect(front.embeds[0]?.description).toContain('Mostrar');
    expect(customIds(front)).toEqual([`review:show:${entry.id}:0`]);

    await click(front, `review:show:${entry.id}:0`).response;
    const back = h.server.message(front.id)!;
    expect(back.content).toBe('Como foi?');
    expect(back.embeds[0]?.title).toBe(entry.title);
    expect(customIds(back)).toEqual(['again', 'hard', 'good', 'easy'].map((r) => `review:rate:${entry.id}:0:${r}`));

    const clicks = [click(back, `review:rate:${entry.id}:0:good`), click(back, `review:rate:${entry.id}:0:again`)];
    const responses = await Promise.all(clicks.map((c) => c.response));
    expect(responses.filter((r) => r.type === 7)).toHaveLength(1);
    const rated = (await card(h.student.id, `e:${entry.id}`))!;
    expect(rated.reps).toBe(1);
    const shown = h.server.message(front.id)!;
    expect(shown.content).toMatch(/^Anotado: \*\*(Bom|Errei)\*\*\. Este cartão volta <t:\d+:R>\.$/);
    expect(shown.content).toContain(`<t:${Math.floor(rated.due / 1000)}:R>`);
    expect(customIds(shown)).toEqual(['review:next']);
    expect((await db().get<{ v: number }>('SELECT count(*) AS v FROM review_log WHERE user_id = ? AND card_key = ?', [h.student.id, `e:${entry.id}`]))!.v).toBe(1);
  });

  it('/stats shows cards due, reviewed today and predicted recall per topic', async () => {
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'stats' }).waitForReply();
    const fields = fieldsOf(reply);
    const dueNow = (await cards(h.student.id)).filter((c) => c.due <= h.clock.now).length;
    expect(fields['Cartões para revisar']).toBe(String(dueNow));
    const reviewed = (await db().get<{ v: number }>('SELECT count(*) AS v FROM review_log WHERE user_id = ?', [h.student.id]))!.v;
    expect(reviewed).toBeGreaterThanOrEqual(2);
    expect(fields['Revisados hoje']).toBe(String(reviewed));
    expect(fields['Lembrança prevista por tópico']).toContain(`**${monday.topic}**:`);
    expect(fields['Lembrança prevista por tópico']).toMatch(/\d+(,\d)?%/);
  });

  it('/review right after a daily answer sees its card: pending card steps are applied before the read', async () => {
    // Recorded the way another instance of the bot would, on the same file: this process's stepper never ran
    // for it, so only the flush before the read can make the card.
    const late = h.server.createUser({ username: 'atrasada', locale: 'pt-BR' });
    h.server.addMember(h.guild.id, late.id);
    const postId = (await db().get<{ id: number }>('SELECT max(id) AS id FROM quiz_posts WHERE guild_id = ?', [h.guild.id]))!.id;
    const recorded = await recordDailyAnswer(db(), {
      guildId: h.guild.id, userId: late.id, postId, questionId: monday.id, topicId: monday.topic, answer: ['x'], correct: false, answeredAt: h.clock.now - 5 * 60_000,
    });
    expect(recorded.status).toBe('recorded');
    expect(await card(late.id, `q:${monday.id}`)).toBeUndefined();
    const screen = await review(late.id);
    expect(screen.content).toBe('📚 1 cartão vence agora.');
    expect(customIds(screen)[0]).toMatch(new RegExp(`^answer:pick:rev:${monday.id}:[^:]*:1:`));
    expect(await card(late.id, `q:${monday.id}`)).toMatchObject({ reps: 1, state: 1 });
  });

  it('desired retention: admins only, 0.80 to 0.95, stored per server', async () => {
    const retention = (user: typeof h.admin, value: number) =>
      h.server.runSlashCommand({ channelId: h.channelId, user, name: 'quiz', subcommand: 'retention', options: { value } });
    expect(() => retention(h.student, 0.85)).toThrow(/permission|Manage|admin/i);
    expect(() => retention(h.admin, 0.5)).toThrow(/less than 0.8/);
    expect(() => retention(h.admin, 0.99)).toThrow(/greater than 0.95/);
    const reply = await retention(h.admin, 0.85).waitForReply();
    expect(reply.local.ephemeral).toBe(true);
    expect(reply.content).toBe('🧠 Retenção desejada da revisão: **0,85**. Vale para as próximas revisões.');
    expect((await db().get<{ desired_retention: number }>('SELECT desired_retention FROM review_settings WHERE guild_id = ?', [h.guild.id]))!.desired_retention).toBe(0.85);
  });

  it('/forget-me deletes the member\'s cards and says how many; the colleague keeps theirs', async () => {
    const count = (await cards(h.student.id)).length;
    expect(count).toBeGreaterThanOrEqual(3);
    const prompt = await h.server.runSlashCommand({ channelId: h.channelId, user: h.student, name: 'forget-me' }).waitForReply();
    expect(prompt.content).toContain('cartões de revisão');
    const done = await click(prompt, `forget-me:confirm:${h.student.id}`).waitForReply();
    expect(done.content).toContain(`Também apaguei ${count} cartões de revisão.`);
    expect(await cards(h.student.id)).toEqual([]);
    expect((await db().get<{ v: number }>('SELECT count(*) AS v FROM review_log WHERE user_id = ?', [h.student.id]))!.v).toBe(0);
    expect((await cards(other)).length).toBeGreaterThan(0);
    expect((await review()).content).toBe('✨ Você ainda não tem cartões. Responda ao quiz diário ou ao `/practice`, ou use ➕ Revisar no `/term`.');
  });

  it('speaks the member\'s language: English for an English Discord', async () => {
    const reply = await h.server.runSlashCommand({ channelId: h.channelId, user: { username: 'reader', locale: 'en-US' }, name: 'review' }).waitForReply();
    expect(reply.content).toBe('✨ You have no cards yet. Answer the daily quiz or `/practice`, or use ➕ Review on `/term`.');
  });
});
