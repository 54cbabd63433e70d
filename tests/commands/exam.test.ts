/**
 * `/exam` through the local Discord with the real bot: started, answered (every kind), flagged, navigated,
 * the bot restarted mid-exam and the exam resumed with the right time left, submitted, result shown, every
 * question a review card, history in /stats; a timed-out exam scores what was answered and refuses late answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { APIUser } from 'discord-api-types/v10';
import type { RunningBot } from '../../bot/bot.ts';
import type { BotServices } from '../../bot/services.ts';
import type { LocalMessage } from '../../localdiscord/index.ts';
import { estimateScaledScore, loadExam } from '../../src/exam/index.ts';
import { parseOrder, type Question } from '../../src/questions/index.ts';
import { getCard, questionCardKey } from '../../src/review/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { customIds } from '../support/localdiscord-harness.ts';
import { restartBot } from '../support/restart-bot.ts';

const SP = 'America/Sao_Paulo';
const at = (iso: string) => DateTime.fromISO(iso, { zone: SP }).toMillis();
const MIN = 60_000;

let h: BotHarness;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await h?.close();
});

/** A restart (crash or deploy) on the same database file and local Discord; the new bot is closed after the test. */
async function restart(current: { bot: RunningBot; services: BotServices }): Promise<{ bot: RunningBot; services: BotServices }> {
  const restarted = await restartBot(h, current);
  cleanups.push(restarted.close);
  return restarted;
}

interface ItemRow {
  position: number;
  question_id: string;
  option_order: string;
  answer: string | null;
  correct: number | null;
  flagged: number;
}

async function examRow(services: BotServices, userId: string) {
  return (await services.db.get('SELECT * FROM exams WHERE user_id = ? ORDER BY id DESC LIMIT 1', [userId])) as {
    id: number;
    deadline: number;
    started_at: number;
    submitted_at: number | null;
    timed_out: number;
    correct: number | null;
    scaled: number | null;
  };
}
const items = (services: BotServices, examId: number) => services.db.all<ItemRow>('SELECT * FROM exam_items WHERE exam_id = ? ORDER BY position', [examId]);

function member(username: string, locale = 'pt-BR'): APIUser {
  const user = h.server.createUser({ username, locale });
  h.server.addMember(h.guild.id, user.id);
  return user;
}

const runExam = (user: APIUser) => h.server.runSlashCommand({ channelId: h.channelId, user: user.id, name: 'exam' }).waitForReply();

/** Answers the item shown in `message` (right or wrong) through its own components; returns the updated message. */
async function answerItem(message: LocalMessage, item: ItemRow, question: Question, right: boolean, user: APIUser): Promise<LocalMessage> {
  const base = `exam:%s:${customIds(message)[0]!.split(':')[2]}:${item.position}`;
  const id = (action: string) => base.replace('%s', action);
  if (question.kind === 'fill-in') {
    const opened = h.server.clickButton({ messageId: message.id, customId: id('type'), user: user.id });
    expect((await opened).type).toBe(9);
    await h.server.submitModal({ interaction: opened, values: { answer: right ? question.answers[0]! : 'rm -rf /' }, user: user.id });
    return h.server.message(message.id)!;
  }
  const order = parseOrder(item.option_order)!;
  const shownRight = order.flatMap((file, shown) => (question.options[file]!.correct ? [shown] : []));
  const shownWrong = order.flatMap((file, shown) => (question.options[file]!.correct ? [] : [shown]));
  if (question.kind === 'single') {
    const shown = right ? shownRight[0]! : shownWrong[0]!;
    return h.server.clickButton({ messageId: message.id, customId: `${id('pick')}:${shown}`, user: user.id }).waitForReply();
  }
  const values = (right ? shownRight : [shownWrong[0]!]).map(String);
  return h.server.selectOptions({ messageId: message.id, customId: id('multi'), values, user: user.id }).waitForReply();
}

const click = (message: LocalMessage, customId: string, user: APIUser) => h.server.clickButton({ messageId: message.id, customId, user: user.id }).waitForReply();

describe('/exam', () => {
  it('start, answer every kind, flag, go back, restart mid-exam, resume with the time left, submit, result, review cards, /stats', async () => {
    h = await startBotHarness({ now: at('2024-06-03T10:00') });
    const user = member('candidata');
    const exam = loadExam();

    let shown = await runExam(user);
    expect(shown.local.ephemeral).toBe(true);
    expect(shown.content).toContain('36 questões em 54 min');
    expect(shown.embeds[0]!.title).toBe('Questão 1/36 · LPI 304');
    expect(shown.embeds[0]!.description).toContain('restam **54:00**');
    const row = await examRow(h.services, user.id);
    expect(row.deadline - row.started_at).toBe(54 * MIN);
    expect(shown.embeds[0]!.description).toContain(`<t:${Math.floor(row.deadline / 1000)}:R>`);
    const drawn = await items(h.services, row.id);
    expect(drawn).toHaveLength(36);
    const bank = h.services.bank.byId;
    const kinds = new Set(drawn.map((item) => bank.get(item.question_id)!.kind));
    expect(kinds).toEqual(new Set(['single', 'multiple', 'fill-in']));

    // Answer the first questions, one of each kind somewhere in the first positions: right, then wrong.
    const plan = new Map<number, boolean>();
    const byKind = (kind: Question['kind']) => drawn.find((item) => bank.get(item.question_id)!.kind === kind)!;
    for (const [n, item] of [byKind('single'), byKind('multiple'), byKind('fill-in')].entries()) plan.set(item.position, n !== 1);
    for (const [position, right] of plan) {
      // The navigator reaches any question.
      const chunk = position < 18 ? 0 : 1;
      shown = await h.server.selectOptions({ messageId: shown.id, customId: `exam:nav:${row.id}:${chunk}`, values: [String(position)], user: user.id }).waitForReply();
      expect(shown.embeds[0]!.title).toBe(`Questão ${position + 1}/36 · LPI 304`);
      shown = await answerItem(shown, drawn[position]!, bank.get(drawn[position]!.question_id)!, right, user);
      expect(shown.content).toBe(`✏️ Resposta da questão ${position + 1} registrada.`);
    }
    const stored = await items(h.services, row.id);
    for (const [position, right] of plan) expect(stored[position]!.correct).toBe(right ? 1 : 0);

    // Flag the question shown, then go back one: the previous one is there, the flag stays.
    const flaggedPosition = Number(customIds(shown).find((id) => id.startsWith('exam:flag:'))!.split(':')[3]);
    shown = await click(shown, `exam:flag:${row.id}:${flaggedPosition}`, user);
    expect(shown.embeds[0]!.description).toContain('🚩 Marcada para revisar');
    expect((await items(h.services, row.id))[flaggedPosition]!.flagged).toBe(1);
    const back = Math.max(0, flaggedPosition - 1);
    shown = await click(shown, `exam:go:${row.id}:${back}:p`, user);
    expect(shown.embeds[0]!.title).toBe(`Questão ${back + 1}/36 · LPI 304`);

    // Nobody else can click it (ephemeral; the domain refuses another member too, see tests/exam/mock.test.ts).
    const intruder = member('intrusa');
    expect(() => h.server.clickButton({ messageId: shown.id, customId: `exam:flag:${row.id}:${back}`, user: intruder.id })).toThrow(/only visible/);

    // The bot dies; 10 minutes later a new one on the same file: /exam resumes at the same question with 44:00 left.
    h.clock.advance(10 * MIN);
    const beforeRestart = shown;
    const live = await restart(h);
    h.clock.advance(5_000);
    shown = await runExam(user);
    expect(shown.content).toContain('Simulado retomado');
    expect(shown.embeds[0]!.title).toBe(`Questão ${back + 1}/36 · LPI 304`);
    expect(shown.embeds[0]!.description).toContain('restam **43:55**');
    expect((await examRow(live.services, user.id)).id).toBe(row.id);
    const navigator = (shown.components ?? []).flatMap((r) => ('components' in r ? (r.components as { custom_id?: string; options?: { value: string; description?: string }[] }[]) : []));
    const flaggedOption = navigator.flatMap((c) => c.options ?? []).find((o) => o.value === String(flaggedPosition))!;
    expect(flaggedOption.description).toContain('🚩');

    // Submit with unanswered questions: a confirmation first, then the result.
    shown = await click(shown, `exam:submit:${row.id}:${back}`, user);
    expect(shown.content).toContain('**33 de 36** questões estão sem resposta');
    shown = await click(shown, `exam:confirm:${row.id}:${back}`, user);
    const result = shown.embeds[0]!;
    expect(result.title).toBe('📝 Resultado do simulado LPI 304');
    const field = (name: string) => result.fields?.find((f) => f.name === name)?.value ?? '';
    expect(field('Acertos')).toContain('**2/36**');
    const scaled = estimateScaledScore(exam, 2 / 36);
    expect(field('Pontuação (estimativa)')).toContain(`**${scaled}** numa escala de 200 a 800 · aprovação em 500`);
    expect(result.fields?.some((f) => f.value === '❌ Abaixo da aprovação — estimativa')).toBe(true);
    for (const topic of exam.topics) {
      const right = [...plan].filter(([p, r]) => r && drawn[p]!.question_id.startsWith(`${topic.id}-`) && bank.get(drawn[p]!.question_id)!.topic === topic.id).length;
      expect(field('Por tópico (acertos / questões = peso no exame)')).toContain(`**${topic.id}** ${topic.name}: ${right}/${topic.weight}`);
    }
    expect(result.footer?.text).toContain('supõe que 65% de acertos valem 500');
    expect(await examRow(live.services, user.id)).toMatchObject({ correct: 2, scaled, timed_out: 0 });

    // The wrong answers, with the right answer, explanation and source.
    const wrongPosition = [...plan].find(([, r]) => !r)![0];
    const wrongQuestion = bank.get(drawn[wrongPosition]!.question_id)!;
    shown = await click(shown, customIds(shown).find((id) => id.endsWith(':n'))!, user);
    expect(shown.embeds[0]!.title).toMatch(/^❌ Erros e questões sem resposta \(1\/\d+\)$/);
    let pages = '';
    for (let page = shown; ; ) {
      pages += page.embeds[0]!.description;
      const next = customIds(page).find((id) => id.endsWith(':n'));
      const button = (page.components ?? []).flatMap((r) => ('components' in r ? (r.components as { custom_id?: string; disabled?: boolean }[]) : [])).find((c) => c.custom_id === next);
      if (!next || button?.disabled) break;
      page = await click(page, next, user);
    }
    expect(pages).toContain(`**Questão ${wrongPosition + 1}**`);
    expect(pages).toContain(wrongQuestion.explanation.slice(0, 100));
    expect(pages).toContain('_sem resposta_');

    // Every question became a review card: the wrong one due before the right ones.
    const card = (item: ItemRow) => getCard(live.services.db, h.guild.id, user.id, questionCardKey(item.question_id));
    expect((await Promise.all(drawn.map(card))).every((found) => found !== undefined)).toBe(true);
    const rightPosition = [...plan].find(([, r]) => r)![0];
    expect((await card(drawn[wrongPosition]!))!.due).toBeLessThan((await card(drawn[rightPosition]!))!.due);

    // A click on the message from before the restart (still showing a question) now shows the result; /stats lists the exam.
    shown = await click(h.server.message(beforeRestart.id)!, `exam:flag:${row.id}:${back}`, user);
    expect(shown.content).toContain('já foi entregue');
    const stats = await h.server.runSlashCommand({ channelId: h.channelId, user: user.id, name: 'stats' }).waitForReply();
    const history = stats.embeds[0]!.fields?.find((f) => f.name === 'Simulados')?.value;
    expect(history).toContain(`03/06/2024: **${scaled}** (estimativa)`);
  });

  it('an answer of the wrong kind (the question changed while its form was open) gets the hint of the question it now is', async () => {
    h = await startBotHarness({ now: at('2024-06-03T10:00') });
    const user = member('trocada');
    let shown = await runExam(user);
    const row = await examRow(h.services, user.id);
    const bank = h.services.bank.byId as Map<string, Question>;
    const fill = (await items(h.services, row.id)).find((item) => bank.get(item.question_id)!.kind === 'fill-in')!;
    if (fill.position !== 0) {
      const chunk = Math.floor(fill.position / 25);
      shown = await h.server.selectOptions({ messageId: shown.id, customId: `exam:nav:${row.id}:${chunk}`, values: [String(fill.position)], user: user.id }).waitForReply();
    }
    const opened = h.server.clickButton({ messageId: shown.id, customId: `exam:type:${row.id}:${fill.position}`, user: user.id });
    expect((await opened).type).toBe(9);
    // The notes were reloaded meanwhile and the question became single-choice: a typed answer no longer fits.
    const original = bank.get(fill.question_id)!;
    const single = [...bank.values()].find((q) => q.kind === 'single')!;
    bank.set(fill.question_id, { ...single, id: original.id, topic: original.topic });
    try {
      const hint = await h.server.submitModal({ interaction: opened, values: { answer: 'xl list' }, user: user.id }).waitForReply();
      expect(hint.local.ephemeral).toBe(true);
      expect(hint.content).toBe('Escolha uma opção.');
    } finally {
      bank.set(fill.question_id, original);
    }
  });

  it('a timed-out exam scores what was answered; an answer after the deadline is refused', async () => {
    h = await startBotHarness({ now: at('2024-06-03T10:00') });
    const user = member('atrasada');
    let shown = await runExam(user);
    const row = await examRow(h.services, user.id);
    const drawn = await items(h.services, row.id);
    const bank = h.services.bank.byId;
    shown = await answerItem(shown, drawn[0]!, bank.get(drawn[0]!.question_id)!, true, user);
    shown = await answerItem(shown, drawn[1]!, bank.get(drawn[1]!.question_id)!, true, user);
    h.clock.set(row.deadline + 30_000);
    const late = bank.get(drawn[2]!.question_id)!;
    // Past the deadline: a choice is refused, and so is opening the fill-in box; both show the result.
    shown = late.kind === 'fill-in' ? await click(shown, `exam:type:${row.id}:2`, user) : await answerItem(shown, drawn[2]!, late, true, user);
    expect(shown.content).toContain('O tempo acabou');
    expect(shown.embeds[0]!.fields?.find((f) => f.name === 'Acertos')?.value).toContain('**2/36**');
    expect((await items(h.services, row.id))[2]!.answer).toBeNull();
    expect(await examRow(h.services, user.id)).toMatchObject({ submitted_at: row.deadline, timed_out: 1, correct: 2 });
    // The next /exam starts a new one.
    const again = await runExam(user);
    expect(again.content).toContain('36 questões em 54 min');
    expect((await examRow(h.services, user.id)).id).not.toBe(row.id);

    // The scheduler's pass submits an exam whose time ran out without a click; its questions become review cards.
    const newRow = await examRow(h.services, user.id);
    const cardCount = async () => (await h.services.db.get<{ n: number }>('SELECT count(*) AS n FROM review_cards WHERE user_id = ?', [user.id]))!.n;
    const before = await cardCount();
    h.clock.set(newRow.deadline - 1);
    await h.bot.quiz.tick();
    expect((await examRow(h.services, user.id)).submitted_at).toBeNull();
    h.clock.set(newRow.deadline + 61_000);
    await h.bot.quiz.tick();
    expect(await examRow(h.services, user.id)).toMatchObject({ id: newRow.id, submitted_at: newRow.deadline, timed_out: 1, correct: 0 });
    expect(await cardCount()).toBeGreaterThan(before);
    for (const item of await items(h.services, newRow.id)) expect(await getCard(h.services.db, h.guild.id, user.id, questionCardKey(item.question_id))).toBeDefined();

    // /forget-me takes the exams with it.
    const asked = await h.server.runSlashCommand({ channelId: h.channelId, user: user.id, name: 'forget-me' }).waitForReply();
    await click(asked, `forget-me:confirm:${user.id}`, user);
    expect(await h.services.db.get('SELECT count(*) AS n FROM exams WHERE user_id = ?', [user.id])).toEqual({ n: 0 });
    expect(await h.services.db.get('SELECT count(*) AS n FROM exam_items WHERE exam_id = ?', [row.id])).toEqual({ n: 0 });
  });

  it('the result\'s wrong answers cite the notes literally: markdown in an entry title is escaped', async () => {
    h = await startBotHarness({ now: at('2024-06-03T10:00') });
    const user = member('citadora');
    let shown = await runExam(user);
    const row = await examRow(h.services, user.id);
    const first = h.services.bank.byId.get((await items(h.services, row.id))[0]!.question_id)!;
    const entry = h.services.knowledge.entries.get(first.source)!;
    const title = entry.title;
    entry.title = 'Hypervisor *tipo* 1';
    try {
      shown = await click(shown, `exam:submit:${row.id}:0`, user);
      shown = await click(shown, `exam:confirm:${row.id}:0`, user);
      shown = await click(shown, customIds(shown).find((id) => id.endsWith(':n'))!, user);
      expect(shown.embeds[0]!.description).toContain('📖 **Fonte nas anotações:** Hypervisor \\*tipo\\* 1 — ');
    } finally {
      entry.title = title;
    }
  });

  it('speaks English to a member whose Discord is in English', async () => {
    h = await startBotHarness({ now: at('2024-06-03T10:00') });
    const user = member('reader', 'en-US');
    let shown = await runExam(user);
    expect(shown.content).toContain('36 questions in 54 min');
    expect(shown.embeds[0]!.title).toBe('Question 1/36 · LPI 304');
    expect(shown.embeds[0]!.description).toContain('**54:00** left');
    const row = await examRow(h.services, user.id);
    shown = await click(shown, `exam:submit:${row.id}:0`, user);
    expect(shown.content).toContain('**36 of 36** questions are unanswered');
    shown = await click(shown, `exam:confirm:${row.id}:0`, user);
    expect(shown.embeds[0]!.fields?.find((f) => f.name === 'Score (estimate)')?.value).toContain('**200** on a 200–800 scale · pass at 500');
    expect(shown.embeds[0]!.footer?.text).toContain('assumes 65% right answers are worth 500');
  });
});
